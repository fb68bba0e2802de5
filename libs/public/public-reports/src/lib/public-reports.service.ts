import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingDay,
  beijingToday,
  DomainException,
  FileStorage,
  hasPermission,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { OutfallsService } from '@outfall/directory';
import { EnforcementService } from '@outfall/enforcement';
import { addDays } from '@outfall/progress';
import {
  AuditAction,
  CaseOrigin,
  DivisionLevel,
  Permission,
  Role,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { detectPhotoType, MalformedImageError, stripMetadata } from './image-metadata';
import { checkSolution, Challenge, issueChallenge } from './proof-of-work';
import { PublicReport, PublicReportEvent, PublicReportPhoto } from './public-report.entity';
import { PUBLIC_REPORT_OUTCOME_LABELS, PublicReportOutcome, PublicReportStatus } from './public-report.types';
import {
  AssignPublicReportDto,
  CandidateResponse,
  CreatedPublicReportResponse,
  CreatePublicReportDto,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  OutcomeDto,
  PublicReportDetailResponse,
  PublicReportFilterDto,
  PublicReportQueryDto,
  PublicReportResponse,
  ReplyDto,
  TrackResponse,
} from './public-reports.dto';
import { PublicReportErrorCode, PublicReportException } from './public-reports.exception';

export interface UploadedPhoto {
  buffer: Buffer;
  size: number;
}

export const PUBLIC_REPORT_SORTABLE = {
  receivedOn: 'r.receivedOn',
  trackingNo: 'r.trackingNo',
  status: 'r.status',
  dueOn: 'r.dueOn',
  updatedAt: 'r.updatedAt',
};

/** Report counts of a quarter per township and per assigned unit (dispatch report, assessment). */
export interface ReportCountRow {
  divisionId: string | null;
  township: string | null;
  unitId: string | null;
  unit: string | null;
  received: number;
  valid: number;
  invalid: number;
  duplicate: number;
  open: number;
  due: number;
  onTime: number;
  overdue: number;
}

const sha256Hex = (value: Buffer | string) => createHash('sha256').update(value).digest('hex');
const COORDINATORS: readonly Role[] = [Role.SystemAdmin, Role.EcologyBranch, Role.WaterBureau];

/**
 * Public reports (公众举报): intake without login (proof of work, rate limits, photo checks and metadata removal),
 * tracking with number + secret, and triage: candidates for the same place, assignment with a response deadline,
 * the outcome with its links (outfall, remediation plan, duplicate, enforcement case) and the public reply.
 */
@Injectable()
export class PublicReportsService {
  private readonly powKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly enforcement: EnforcementService,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
    private readonly webhooks: WebhookEvents,
  ) {
    this.powKey = createHmac('sha256', config.jwtSecret).update('public-report-pow').digest();
  }

  /* ---------- public side ---------- */

  challenge(): Challenge & { bbox: number[] } {
    const { minLon, minLat, maxLon, maxLat } = this.config.cityBbox;
    return {
      ...issueChallenge(
        this.powKey,
        this.config.PUBLIC_REPORT_POW_BITS,
        this.config.PUBLIC_REPORT_POW_TTL_SECONDS,
      ),
      bbox: [minLon, minLat, maxLon, maxLat],
    };
  }

  async submit(
    input: CreatePublicReportDto,
    files: UploadedPhoto[] = [],
  ): Promise<CreatedPublicReportResponse> {
    const check = checkSolution(
      this.powKey,
      this.config.PUBLIC_REPORT_POW_BITS,
      input.challenge,
      input.nonce,
    );
    if (check.refusal !== null)
      throw new PublicReportException(
        PublicReportErrorCode.PowInvalid,
        `验证未通过（${check.refusal}），请刷新页面后重试 / the proof of work is not valid (${check.refusal})`,
        'nonce',
      );
    const { minLon, minLat, maxLon, maxLat } = this.config.cityBbox;
    if (input.longitude < minLon || input.longitude > maxLon)
      throw new PublicReportException(
        PublicReportErrorCode.OutsideCity,
        '位置不在本市范围内 / the location lies outside the city',
        'longitude',
      );
    if (input.latitude < minLat || input.latitude > maxLat)
      throw new PublicReportException(
        PublicReportErrorCode.OutsideCity,
        '位置不在本市范围内 / the location lies outside the city',
        'latitude',
      );
    if (files.length > MAX_PHOTOS)
      throw DomainException.invalid('photos', `最多上传 ${MAX_PHOTOS} 张照片 / at most ${MAX_PHOTOS} photos`);
    const photos = files.map((file, index) => {
      if (file.size > MAX_PHOTO_BYTES)
        throw new DomainException(
          'PAYLOAD_TOO_LARGE',
          '照片不能超过 5 MB / a photo is larger than 5 MB',
          413,
          [{ field: `photos[${index}]`, message: 'at most 5 MB' }],
        );
      const type = detectPhotoType(file.buffer);
      const refuse = () =>
        new PublicReportException(
          PublicReportErrorCode.PhotoType,
          '照片须为 JPEG、PNG 或 WebP 图片 / photos must be JPEG, PNG or WebP images',
          `photos[${index}]`,
        );
      if (!type) throw refuse();
      try {
        const bytes = stripMetadata(type, file.buffer);
        return { type, bytes, sha256: sha256Hex(bytes) };
      } catch (error) {
        if (error instanceof MalformedImageError) throw refuse();
        throw error;
      }
    });
    const secret = randomBytes(18).toString('base64url');
    const receivedOn = beijingToday();
    const anonymous = input.anonymous ?? false;
    const stored: string[] = [];
    try {
      const saved = await this.dataSource.transaction(async (em) => {
        const spent = await em.query<{ hash: string }[]>(
          `INSERT INTO public_report_challenge (hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING hash`,
          [sha256Hex(input.challenge), check.expiresAt],
        );
        if (!spent.length)
          throw new PublicReportException(
            PublicReportErrorCode.PowReused,
            '该验证已使用过，请刷新页面后重试 / this challenge was already used',
            'challenge',
          );
        // expired challenges are no longer needed to refuse a reuse: their expiry refuses them
        await em.query(`DELETE FROM public_report_challenge WHERE expires_at < now() - interval '1 hour'`);
        const [division] = await em.query<{ id: string }[]>(
          `SELECT id FROM division
            WHERE level IN ($3, $4) AND boundary IS NOT NULL
              AND ST_Contains(boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326))
            ORDER BY level = $3 DESC LIMIT 1`,
          [input.longitude, input.latitude, DivisionLevel.Township, DivisionLevel.SubDistrict],
        );
        const repo = em.getRepository(PublicReport);
        const report = await repo.save(
          repo.create({
            trackingNo: await this.nextTrackingNo(em, receivedOn),
            secretHash: sha256Hex(secret),
            longitude: input.longitude,
            latitude: input.latitude,
            location: { type: 'Point', coordinates: [input.longitude, input.latitude] },
            divisionId: division?.id ?? null,
            description: input.description.trim(),
            contact: anonymous ? null : input.contact?.trim() || null,
            status: PublicReportStatus.Received,
            receivedOn,
          }),
        );
        for (const photo of photos) {
          const key = `public-reports/${report.id}/${randomUUID()}.${photo.type.split('/')[1].replace('jpeg', 'jpg')}`;
          await em.getRepository(PublicReportPhoto).insert({
            reportId: report.id,
            contentType: photo.type,
            sizeBytes: photo.bytes.length,
            sha256: photo.sha256,
            storageKey: key,
          });
          await this.storage.put(key, photo.bytes);
          stored.push(key);
        }
        await this.event(em, null, report.id, 'received', receivedOn, '举报已受理，等待分派', null);
        await this.audit.record(em, {
          action: AuditAction.Create,
          entityType: 'public_report',
          entityId: report.id,
          after: this.auditView(report),
        });
        // integrators hear of it in the same transaction (the outbox): no contact, no secret, no photos
        await this.webhooks.publish(
          WebhookEventType.PublicReportReceived,
          report.id,
          {
            id: report.id,
            trackingNo: report.trackingNo,
            receivedOn,
            longitude: report.longitude,
            latitude: report.latitude,
            divisionId: report.divisionId,
            description: report.description,
            photos: photos.length,
          },
          em,
          { divisionId: report.divisionId },
        );
        return report;
      });
      return { trackingNo: saved.trackingNo, secret, receivedOn, photos: photos.length };
    } catch (error) {
      for (const key of stored) await this.storage.remove(key).catch(() => undefined);
      throw error;
    }
  }

  /** Status, public timeline and reply; a wrong secret answers exactly as an unknown number. */
  async track(number: string, secret: string): Promise<TrackResponse> {
    const report = await this.dataSource
      .getRepository(PublicReport)
      .findOneBy({ trackingNo: number.trim().toUpperCase() });
    const given = Buffer.from(sha256Hex(secret.trim()));
    const ok = !!report && timingSafeEqual(given, Buffer.from(report.secretHash));
    if (!report || !ok) throw DomainException.notFound('Public report');
    const events = await this.events(report.id);
    return {
      trackingNo: report.trackingNo,
      status: report.status,
      receivedOn: report.receivedOn,
      outcome: report.outcome,
      reply: report.publicReply,
      closedOn: report.closedOn,
      timeline: events
        .filter((e) => e.publicText)
        .map((e) => ({ action: e.action, on: e.on, text: e.publicText })),
    };
  }

  /* ---------- triage ---------- */

  private isCoordinator(principal: Principal): boolean {
    return (
      hasPermission(principal, Permission.PublicReportTriage) &&
      !!principal.role &&
      COORDINATORS.includes(principal.role)
    );
  }

  /** Reports the caller may see: city-wide roles all; a township those inside its division or assigned to it. */
  filtered(
    principal: Principal,
    filter: PublicReportFilterDto,
    em?: EntityManager,
  ): SelectQueryBuilder<PublicReport> {
    const qb = (em ?? this.dataSource.manager).getRepository(PublicReport).createQueryBuilder('r');
    if (!principal.jurisdiction.cityWide) {
      qb.where(
        `(r.division_id IN (SELECT id FROM division WHERE path = :rPath OR path LIKE :rPathLike) OR r.assigned_unit_id = :rUnit)`,
        {
          rPath: principal.jurisdiction.divisionPath ?? '-',
          rPathLike: `${principal.jurisdiction.divisionPath ?? '-'}/%`,
          rUnit: principal.unitId ?? '00000000-0000-0000-0000-000000000000',
        },
      );
    }
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.outcome) qb.andWhere('r.outcome = :outcome', { outcome: filter.outcome });
    if (filter.unitId) qb.andWhere('r.assigned_unit_id = :unitId', { unitId: filter.unitId });
    if (filter.divisionId)
      qb.andWhere(
        `r.division_id IN (SELECT id FROM division WHERE id = :rDiv OR path LIKE (SELECT path || '/%' FROM division WHERE id = :rDiv))`,
        { rDiv: filter.divisionId },
      );
    if (filter.from && filter.to && filter.from > filter.to)
      throw DomainException.invalid('to', 'to must not be before from / 结束日期不能早于开始日期');
    if (filter.from) qb.andWhere('r.received_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('r.received_on <= :to', { to: filter.to });
    if (filter.q)
      qb.andWhere('(r.tracking_no ILIKE :q OR r.description ILIKE :q)', {
        q: `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
      });
    if (filter.overdue !== undefined) {
      const overdue = `(r.due_on IS NOT NULL AND r.due_on < CAST(:rToday AS date) AND r.status <> 'closed')`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, {
        rToday: beijingDay(filter.asOf ?? new Date()),
      });
    }
    return qb;
  }

  async list(principal: Principal, query: PublicReportQueryDto): Promise<PageResult<PublicReportResponse>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      PUBLIC_REPORT_SORTABLE,
      '-receivedOn,-trackingNo',
      'r.id',
    );
    return { ...page, items: await this.views(page.items, query.asOf ?? new Date()) };
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<PublicReport> {
    const qb = this.filtered(principal, {}, em).andWhere('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw DomainException.notFound('Public report', id);
    return found;
  }

  async view1(principal: Principal, id: string): Promise<PublicReportResponse> {
    return (await this.views([await this.get(principal, id)]))[0];
  }

  async detail(principal: Principal, id: string): Promise<PublicReportDetailResponse> {
    const report = await this.get(principal, id);
    const [view] = await this.views([report]);
    const events = await this.events(id);
    const photos = await this.dataSource
      .getRepository(PublicReportPhoto)
      .find({ where: { reportId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return {
      ...view,
      events,
      photos: photos.map(({ storageKey: _k, report: _r, ...p }) => p),
      candidates: await this.candidates(principal, report),
      candidateMeters: this.config.PUBLIC_REPORT_CANDIDATE_METERS,
    };
  }

  /** Outfalls (that the caller sees) and other open reports within the configured distance, nearest first. */
  async candidates(principal: Principal, report: PublicReport): Promise<CandidateResponse[]> {
    const meters = this.config.PUBLIC_REPORT_CANDIDATE_METERS;
    const point = `ST_SetSRID(ST_MakePoint(${Number(report.longitude)}, ${Number(report.latitude)}), 4326)::geography`;
    const outfalls = await this.outfalls
      .visible(principal)
      .select('outfall.id', 'id')
      .addSelect('outfall.localCode', 'code')
      .addSelect('outfall.name', 'name')
      .addSelect('outfall.status', 'status')
      .addSelect(`ST_Distance(outfall.location::geography, ${point})`, 'distance')
      .andWhere(`ST_DWithin(outfall.location::geography, ${point}, :meters)`, { meters })
      .orderBy(`ST_Distance(outfall.location::geography, ${point})`, 'ASC')
      .limit(20)
      .getRawMany<{ id: string; code: string; name: string; status: string; distance: number }>();
    const reports = await this.filtered(principal, {})
      .select('r.id', 'id')
      .addSelect('r.tracking_no', 'code')
      .addSelect('r.description', 'name')
      .addSelect('r.status', 'status')
      .addSelect(`ST_Distance(r.location::geography, ${point})`, 'distance')
      .andWhere('r.id <> :self', { self: report.id })
      .andWhere(`r.status <> 'closed'`)
      .andWhere(`ST_DWithin(r.location::geography, ${point}, :meters)`, { meters })
      .orderBy(`ST_Distance(r.location::geography, ${point})`, 'ASC')
      .limit(20)
      .getRawMany<{ id: string; code: string; name: string; status: string; distance: number }>();
    return [
      ...outfalls.map((o) => ({ kind: 'outfall' as const, ...o, distance: Math.round(Number(o.distance)) })),
      ...reports.map((r) => ({
        kind: 'report' as const,
        ...r,
        name: r.name.slice(0, 60),
        distance: Math.round(Number(r.distance)),
      })),
    ];
  }

  events(reportId: string, em?: EntityManager): Promise<PublicReportEvent[]> {
    return (em ?? this.dataSource.manager)
      .getRepository(PublicReportEvent)
      .find({ where: { reportId }, order: { at: 'ASC', id: 'ASC' } });
  }

  async timeline(principal: Principal, id: string): Promise<PublicReportEvent[]> {
    await this.get(principal, id);
    return this.events(id);
  }

  /** Assigns (or re-assigns) the report to a township or department with a response deadline. */
  async assign(principal: Principal, id: string, dto: AssignPublicReportDto): Promise<PublicReportResponse> {
    if (!this.isCoordinator(principal))
      throw DomainException.forbidden(
        '只有生态环境分局或水利局（河湖长办）分派举报 / only the ecology branch or the water bureau assigns reports',
      );
    await this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      this.assertVersion(found, dto.version);
      this.assertOpen(found);
      const [unit] = await em.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM unit WHERE id = $1`,
        [dto.unitId],
      );
      if (!unit) throw DomainException.invalid('unitId', '单位不存在 / no such unit');
      const today = beijingToday();
      const dueOn = dto.dueOn ?? addDays(today, this.config.PUBLIC_REPORT_DUE_DAYS);
      if (dueOn < today)
        throw DomainException.invalid('dueOn', '答复期限不能早于今天 / the deadline cannot lie in the past');
      const before = this.auditView(found);
      const saved = await em.getRepository(PublicReport).save({
        ...found,
        assignedUnitId: unit.id,
        assignedOn: today,
        dueOn,
        status: PublicReportStatus.Assigned,
      });
      await this.event(
        em,
        principal,
        id,
        'assign',
        today,
        `已转交责任单位办理，答复期限 ${dueOn}`,
        [`分派给 ${unit.name}`, dto.note?.trim()].filter(Boolean).join('；'),
      );
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'public_report',
        entityId: id,
        before,
        after: { ...this.auditView(saved), transition: 'assign' },
      });
    });
    return this.view1(principal, id);
  }

  /** A progress reply the reporter sees, without closing the report. */
  async reply(principal: Principal, id: string, dto: ReplyDto): Promise<PublicReportResponse> {
    await this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      this.assertHandler(principal, found);
      this.assertVersion(found, dto.version);
      this.assertOpen(found);
      const before = this.auditView(found);
      const saved = await em
        .getRepository(PublicReport)
        .save({ ...found, publicReply: dto.publicReply.trim() });
      await this.event(em, principal, id, 'reply', beijingToday(), dto.publicReply.trim(), null);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'public_report',
        entityId: id,
        before,
        after: { ...this.auditView(saved), transition: 'reply' },
      });
    });
    return this.view1(principal, id);
  }

  /**
   * Records the outcome (valid / invalid / duplicate) with its links and the public reply, and closes the report.
   * `openCase` opens an enforcement case on the linked outfall through the enforcement domain first.
   */
  async recordOutcome(principal: Principal, id: string, dto: OutcomeDto): Promise<PublicReportResponse> {
    const current = await this.get(principal, id);
    this.assertHandler(principal, current);
    this.assertVersion(current, dto.version);
    this.assertOpen(current);
    if (dto.outcome === PublicReportOutcome.Duplicate && !dto.duplicateOfId)
      throw new PublicReportException(
        PublicReportErrorCode.Links,
        '重复举报须指明原举报 / a duplicate names the earlier report (duplicateOfId)',
        'duplicateOfId',
      );
    if (dto.outcome !== PublicReportOutcome.Duplicate && dto.duplicateOfId)
      throw new PublicReportException(
        PublicReportErrorCode.Links,
        '只有重复举报才链接原举报 / only a duplicate names an earlier report',
        'duplicateOfId',
      );
    if (dto.outcome === PublicReportOutcome.Invalid && (dto.enforcementCaseId || dto.openCase))
      throw new PublicReportException(
        PublicReportErrorCode.Links,
        '不属实的举报不能链接执法案件 / an invalid report cannot link an enforcement case',
        dto.openCase ? 'openCase' : 'enforcementCaseId',
      );
    if (dto.openCase && dto.enforcementCaseId)
      throw new PublicReportException(
        PublicReportErrorCode.Links,
        '请选择已有案件或新立案，不能同时 / link an existing case or open one, not both',
        'openCase',
      );
    if (dto.openCase && !dto.outfallId)
      throw new PublicReportException(
        PublicReportErrorCode.Links,
        '立案须指明排污口 / opening a case needs the outfall (outfallId)',
        'outfallId',
      );
    if (dto.duplicateOfId) {
      if (dto.duplicateOfId === id)
        throw new PublicReportException(
          PublicReportErrorCode.Links,
          '不能标记为自身的重复 / a report cannot duplicate itself',
          'duplicateOfId',
        );
      // the earlier report may lie outside the caller's jurisdiction (a report on a boundary): it need only exist
      const exists = await this.dataSource.getRepository(PublicReport).existsBy({ id: dto.duplicateOfId });
      if (!exists) throw DomainException.invalid('duplicateOfId', '原举报不存在 / no such report');
    }
    if (dto.outfallId) {
      const visible = await this.outfalls
        .visible(principal)
        .andWhere('outfall.id = :linkOutfall', { linkOutfall: dto.outfallId })
        .getExists();
      if (!visible) throw DomainException.invalid('outfallId', '排污口不存在 / no such outfall');
    }
    if (dto.remediationPlanId) {
      const [plan] = await this.dataSource.query<{ outfall_id: string }[]>(
        `SELECT outfall_id FROM remediation_plan WHERE id = $1`,
        [dto.remediationPlanId],
      );
      if (!plan)
        throw DomainException.invalid('remediationPlanId', '整治方案不存在 / no such remediation plan');
      if (dto.outfallId && plan.outfall_id !== dto.outfallId)
        throw new PublicReportException(
          PublicReportErrorCode.Links,
          '整治方案不属于所选排污口 / the plan belongs to another outfall',
          'remediationPlanId',
        );
    }
    if (dto.enforcementCaseId)
      await this.enforcement.view1(principal, dto.enforcementCaseId).catch(() => {
        throw DomainException.invalid('enforcementCaseId', '执法案件不存在 / no such enforcement case');
      });
    // the case is opened through the enforcement domain (its own transaction), before this one
    const opened = dto.openCase
      ? await this.enforcement.openCase(principal, {
          origin: CaseOrigin.PublicReport,
          publicReportId: id,
          outfallId: dto.outfallId,
          kind: dto.openCase.kind,
          description:
            dto.openCase.description?.trim() || `群众举报 ${current.trackingNo}：${current.description}`,
        })
      : null;
    await this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      this.assertVersion(found, dto.version);
      const today = beijingToday();
      const before = this.auditView(found);
      const saved = await em.getRepository(PublicReport).save({
        ...found,
        status: PublicReportStatus.Closed,
        outcome: dto.outcome,
        outcomeNote: dto.note?.trim() || null,
        publicReply: dto.publicReply.trim(),
        closedOn: today,
        outfallId: dto.outfallId ?? null,
        remediationPlanId: dto.remediationPlanId ?? null,
        duplicateOfId: dto.duplicateOfId ?? null,
        enforcementCaseId: opened?.id ?? dto.enforcementCaseId ?? null,
      });
      await this.event(
        em,
        principal,
        id,
        'outcome',
        today,
        `办理结果：${PUBLIC_REPORT_OUTCOME_LABELS[dto.outcome].zh}。${dto.publicReply.trim()}`,
        [dto.note?.trim(), opened ? `立案 ${opened.caseNo}` : null].filter(Boolean).join('；') || null,
      );
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'public_report',
        entityId: id,
        before,
        after: { ...this.auditView(saved), transition: 'outcome' },
      });
    });
    return this.view1(principal, id);
  }

  /* ---------- figures ---------- */

  /**
   * Reports received in [from, to] (Beijing days) as known at `computedAt`, per township and per assigned unit:
   * outcomes, the ones due by `to` and handled by their deadline, and those overdue at `to`.
   */
  async counts(from: string, to: string, computedAt: Date = new Date()): Promise<ReportCountRow[]> {
    return this.dataSource.query<ReportCountRow[]>(
      `SELECT r.division_id AS "divisionId", d.name AS township, r.assigned_unit_id AS "unitId", u.name AS unit,
              count(*)::int AS received,
              (count(*) FILTER (WHERE r.outcome = 'valid' AND r.closed_on <= $2::date))::int AS valid,
              (count(*) FILTER (WHERE r.outcome = 'invalid' AND r.closed_on <= $2::date))::int AS invalid,
              (count(*) FILTER (WHERE r.outcome = 'duplicate' AND r.closed_on <= $2::date))::int AS duplicate,
              (count(*) FILTER (WHERE r.closed_on IS NULL OR r.closed_on > $2::date))::int AS open,
              (count(*) FILTER (WHERE r.due_on <= $2::date))::int AS due,
              (count(*) FILTER (WHERE r.due_on <= $2::date AND r.closed_on <= r.due_on))::int AS "onTime",
              (count(*) FILTER (WHERE r.due_on < $2::date AND (r.closed_on IS NULL OR r.closed_on > r.due_on)))::int AS overdue
         FROM public_report r
         LEFT JOIN division d ON d.id = r.division_id
         LEFT JOIN unit u ON u.id = r.assigned_unit_id
        WHERE r.received_on BETWEEN $1::date AND $2::date AND r.created_at <= $3
        GROUP BY r.division_id, d.name, r.assigned_unit_id, u.name
        ORDER BY d.name NULLS LAST, u.name NULLS LAST`,
      [from, to, computedAt],
    );
  }

  /* ---------- helpers ---------- */

  private async views(reports: PublicReport[], now: Date = new Date()): Promise<PublicReportResponse[]> {
    const unitIds = [...new Set(reports.map((r) => r.assignedUnitId).filter((v): v is string => !!v))];
    const divisionIds = [...new Set(reports.map((r) => r.divisionId).filter((v): v is string => !!v))];
    const units = unitIds.length
      ? await this.dataSource.query<{ id: string; name: string }[]>(
          `SELECT id, name FROM unit WHERE id = ANY($1::uuid[])`,
          [unitIds],
        )
      : [];
    const divisions = divisionIds.length
      ? await this.dataSource.query<{ id: string; name: string }[]>(
          `SELECT id, name FROM division WHERE id = ANY($1::uuid[])`,
          [divisionIds],
        )
      : [];
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const divisionName = new Map(divisions.map((d) => [d.id, d.name]));
    const today = beijingDay(now);
    return reports.map((r) => {
      const { secretHash: _s, location: _l, duplicateOf: _d, ...columns } = r;
      return {
        ...columns,
        longitude: Number(r.longitude),
        latitude: Number(r.latitude),
        divisionName: r.divisionId ? (divisionName.get(r.divisionId) ?? null) : null,
        assignedUnitName: r.assignedUnitId ? (unitName.get(r.assignedUnitId) ?? null) : null,
        overdue: !!r.dueOn && r.dueOn < today && r.status !== PublicReportStatus.Closed,
      };
    });
  }

  /** Coordinators handle every report; others those assigned to their unit or (townships) inside their division. */
  private assertHandler(principal: Principal, report: PublicReport): void {
    if (!hasPermission(principal, Permission.PublicReportTriage))
      throw DomainException.forbidden('您没有办理举报的权限 / you may not handle public reports');
    if (this.isCoordinator(principal)) return;
    if (report.assignedUnitId && report.assignedUnitId === principal.unitId) return;
    if (!principal.jurisdiction.cityWide && principal.role === Role.Township && !report.assignedUnitId)
      return;
    throw DomainException.forbidden('该举报未分派给您的单位 / the report is not assigned to your unit');
  }

  private assertOpen(report: PublicReport): void {
    if (report.status === PublicReportStatus.Closed)
      throw new PublicReportException(
        PublicReportErrorCode.Closed,
        '该举报已办结，不能再修改 / the report is closed',
      );
  }

  private assertVersion(found: PublicReport, version: number): void {
    if (found.version !== version)
      throw new DomainException(
        'VERSION_CONFLICT',
        `举报已被他人修改（当前版本 ${found.version}，您提交的是 ${version}），请刷新后重试 / the report was changed by someone else`,
        409,
        [{ field: 'version', message: `current version is ${found.version}` }],
      );
  }

  private auditView(report: PublicReport): Record<string, unknown> {
    const { secretHash: _s, location: _l, duplicateOf: _d, ...columns } = report;
    return columns;
  }

  /** 举报编号 JB-{YYYYMMDD}-{NNNN}, numbered per Beijing day of receipt. */
  private async nextTrackingNo(em: EntityManager, day: string): Promise<string> {
    const prefix = `JB-${day.replace(/-/g, '')}-`;
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('public_report_no'))`);
    const [{ max }] = await em.query<{ max: number | null }[]>(
      `SELECT max(split_part(tracking_no, '-', 3)::int) AS max FROM public_report WHERE tracking_no LIKE $1`,
      [`${prefix}%`],
    );
    return `${prefix}${String((max ?? 0) + 1).padStart(4, '0')}`;
  }

  private async event(
    em: EntityManager,
    principal: Principal | null,
    reportId: string,
    action: string,
    on: string,
    publicText: string | null,
    note: string | null,
  ): Promise<void> {
    await em.getRepository(PublicReportEvent).insert({
      reportId,
      action,
      on,
      publicText,
      note,
      actorName: principal ? principal.name.slice(0, 100) : '公众',
      actorId: principal ? principal.id.slice(0, 64) : null,
    });
  }
}
