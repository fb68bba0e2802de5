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
import { OutfallsService, sectorCategoriesOf, uploadedFileName } from '@outfall/directory';
import { ExceedanceService } from '@outfall/monitoring';
import {
  AuditAction,
  CASE_ACTION_LABELS,
  CaseAction,
  CaseOrigin,
  CaseSource,
  CaseStatus,
  Permission,
  ViolationKind,
} from '@outfall/shared-types';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CASE_TRANSITIONS,
  caseActionsFrom,
  FINISHED,
  isCaseOverdue,
  isYuanAmount,
  transitionRefusal,
} from './case-workflow';
import {
  CaseDetailResponse,
  CaseFieldsDto,
  CaseFilterDto,
  CaseQueryDto,
  CaseResponse,
  CaseTransitionDto,
  OpenCaseDto,
  UpdateCaseDto,
} from './enforcement.dto';
import { EnforcementErrorCode, EnforcementException } from './enforcement.exception';
import { EnforcementCase, EnforcementCaseEvent, EnforcementEvidence } from './enforcement-case.entity';

export const CASE_SORTABLE = {
  registeredOn: 'c.registeredOn',
  caseNo: 'c.caseNo',
  status: 'c.status',
  kind: 'c.kind',
  rectificationDeadline: 'c.rectificationDeadline',
  penaltyAmount: 'c.penaltyAmount',
  updatedAt: 'c.updatedAt',
};

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Accepted evidence, recognised by its first bytes (the declared type and name are not trusted). */
const EVIDENCE_TYPES: { type: string; extension: string; magic: number[]; offset?: number }[] = [
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/webp', extension: 'webp', magic: [0x52, 0x49, 0x46, 0x46] },
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  { type: 'application/zip', extension: 'zip', magic: [0x50, 0x4b, 0x03, 0x04] },
  // ISO base media (MP4 / MOV video from a body camera): "ftyp" at byte 4
  { type: 'video/mp4', extension: 'mp4', magic: [0x66, 0x74, 0x79, 0x70], offset: 4 },
];
const OFFICE_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Counts per township for the dispatch report, as of a day. */
export interface CaseCountRow {
  divisionId: string;
  township: string;
  kind: ViolationKind;
  status: CaseStatus;
  count: number;
  overdue: number;
}

type LoadedCase = EnforcementCase & {
  outfall: { id: string; localCode: string; name: string; divisionId: string; division?: { name: string } };
};

/**
 * Enforcement cases (执法): opening (directly, or from an exceedance, a chronic exceeder, a patrol finding or a
 * public report), editing, the workflow to closure, evidence with its SHA-256, overdue rectification. Every
 * path — REST, GraphQL, other domains through `openCase` — goes through here.
 */
@Injectable()
export class EnforcementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly exceedances: ExceedanceService,
    private readonly storage: FileStorage,
  ) {}

  /** Cases whose outfall the caller may see (division; a sector department: its categories). */
  filtered(
    principal: Principal,
    filter: CaseFilterDto,
    em?: EntityManager,
  ): SelectQueryBuilder<EnforcementCase> {
    const scope = this.outfalls.visible(principal, em).select('outfall.id');
    const sector = sectorCategoriesOf(principal);
    if (sector)
      scope.andWhere('outfall.category IN (:...caseSector)', { caseSector: sector.length ? sector : ['-'] });
    if (filter.divisionId)
      scope.andWhere(
        `(division.id = :caseDivision OR division.path LIKE (SELECT path || '/%' FROM division WHERE id = :caseDivision))`,
        { caseDivision: filter.divisionId },
      );
    const qb = (em ?? this.dataSource.manager)
      .getRepository(EnforcementCase)
      .createQueryBuilder('c')
      .innerJoin('c.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name', 'o.divisionId', 'o.category'])
      .innerJoin('o.division', 'od')
      .addSelect(['od.id', 'od.name'])
      .leftJoin('c.entity', 'e')
      .addSelect(['e.id', 'e.name'])
      .where(`c.outfall_id IN (${scope.getQuery()})`)
      .setParameters(scope.getParameters());
    if (filter.outfallId) qb.andWhere('c.outfall_id = :caseOutfall', { caseOutfall: filter.outfallId });
    if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.source) qb.andWhere('c.source = :source', { source: filter.source });
    if (filter.origin) qb.andWhere('c.origin = :origin', { origin: filter.origin });
    if (filter.from && filter.to && filter.from > filter.to)
      throw DomainException.invalid('to', 'to must not be before from / 结束日期不能早于开始日期');
    if (filter.from) qb.andWhere('c.registered_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('c.registered_on <= :to', { to: filter.to });
    if (filter.q)
      qb.andWhere('(c.case_no ILIKE :q OR c.description ILIKE :q)', {
        q: `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
      });
    if (filter.overdue !== undefined) {
      const overdue = `(c.rectification_deadline IS NOT NULL AND c.rectification_deadline < CAST(:caseToday AS date) AND c.status NOT IN ('closed', 'dismissed'))`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, {
        caseToday: beijingDay(filter.asOf ?? new Date()),
      });
    }
    return qb;
  }

  async list(principal: Principal, query: CaseQueryDto): Promise<PageResult<CaseResponse>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      CASE_SORTABLE,
      '-registeredOn',
      'c.id',
    );
    const now = query.asOf ?? new Date();
    return { ...page, items: page.items.map((c) => this.view(c as LoadedCase, now)) };
  }

  /** One case inside the caller's jurisdiction (404 outside it). */
  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<LoadedCase> {
    const qb = this.filtered(principal, {}, em).andWhere('c.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['c']);
    const found = await qb.getOne();
    if (!found) throw DomainException.notFound('Enforcement case', id);
    return found as LoadedCase;
  }

  async view1(principal: Principal, id: string): Promise<CaseResponse> {
    return this.view(await this.get(principal, id));
  }

  async detail(principal: Principal, id: string): Promise<CaseDetailResponse> {
    const found = await this.get(principal, id);
    const [events, evidence] = await Promise.all([this.events(id), this.evidence(principal, id, false)]);
    return { ...this.view(found), events, evidence };
  }

  events(caseId: string): Promise<EnforcementCaseEvent[]> {
    return this.dataSource
      .getRepository(EnforcementCaseEvent)
      .find({ where: { caseId }, order: { at: 'ASC', id: 'ASC' } });
  }

  async timeline(principal: Principal, id: string): Promise<EnforcementCaseEvent[]> {
    await this.get(principal, id);
    return this.events(id);
  }

  async evidence(principal: Principal, caseId: string, check = true): Promise<EnforcementEvidence[]> {
    if (check) await this.get(principal, caseId);
    return this.dataSource
      .getRepository(EnforcementEvidence)
      .find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  view(c: LoadedCase, now: Date = new Date()): CaseResponse {
    const { outfall, entity, ...columns } = c;
    return {
      ...columns,
      outfallCode: outfall.localCode,
      outfallName: outfall.name,
      divisionId: outfall.divisionId,
      divisionName: outfall.division?.name ?? '',
      entityName: entity?.name ?? null,
      overdue: isCaseOverdue(c.rectificationDeadline, c.status, now),
      nextActions: caseActionsFrom(c.status),
    };
  }

  private assertWriter(principal: Principal): void {
    if (!hasPermission(principal, Permission.EnforcementWrite))
      throw DomainException.forbidden(
        '只有生态环境分局办理执法案件 / only the ecology-environment branch handles enforcement cases',
      );
  }

  /** The outfall's row in the monitoring domain's chronic-exceeder list, or 409 NOT_CHRONIC with the rule. */
  private async chronicRow(principal: Principal, outfallId: string) {
    // outside the caller's jurisdiction: 404, as reading the outfall would answer
    const visible = await this.outfalls
      .visible(principal)
      .andWhere('outfall.id = :outfallId', { outfallId })
      .getExists();
    if (!visible) throw DomainException.notFound('Outfall', outfallId);
    const chronic = await this.exceedances.chronic(principal, { outfallId, limit: 1, offset: 0 });
    if (!chronic.total) {
      const { count, window } = this.exceedances.chronicRule;
      throw new EnforcementException(
        EnforcementErrorCode.NotChronic,
        `该排污口不在长期超标名单中（最近 ${window} 次监测中超标不足 ${count} 次），不能依据长期超标立案 / the outfall is not a chronic exceeder (fewer than ${count} of its last ${window} samples exceed)`,
        'outfallId',
      );
    }
    return chronic.items[0];
  }

  /**
   * Opens a case — the one entry point for every domain: directly, or from an exceedance (a sample and an
   * exceeding indicator of the monitoring domain), a chronic exceeder, a patrol finding or a public report; the
   * link is kept on the case.
   */
  async openCase(principal: Principal, input: OpenCaseDto): Promise<CaseResponse> {
    this.assertWriter(principal);
    const origin = input.origin ?? CaseOrigin.Manual;
    // the chronic list is read before the transaction: the embedded database has one connection, and a read
    // on another connection inside the transaction would wait for the transaction (503 DATABASE_BUSY)
    const chronicRow =
      origin === CaseOrigin.Chronic && input.outfallId
        ? await this.chronicRow(principal, input.outfallId)
        : undefined;
    const id = await this.dataSource.transaction(async (em) => {
      let outfallId = input.outfallId;
      let originDetail: EnforcementCase['originDetail'] = null;
      const link = { sampleId: null, indicatorCode: null, patrolRecordId: null, publicReportId: null } as {
        sampleId: string | null;
        indicatorCode: string | null;
        patrolRecordId: string | null;
        publicReportId: string | null;
      };
      const stray = (
        [
          ['sampleId', origin !== CaseOrigin.Exceedance],
          ['indicatorCode', origin !== CaseOrigin.Exceedance],
          ['patrolRecordId', origin !== CaseOrigin.Patrol],
          ['publicReportId', origin !== CaseOrigin.PublicReport],
        ] as const
      ).find(([field, foreign]) => foreign && input[field]);
      if (stray)
        throw new EnforcementException(
          EnforcementErrorCode.OriginInvalid,
          `${stray[0]} 只用于对应来源的立案（当前来源：${origin}） / ${stray[0]} belongs to another origin than ${origin}`,
          stray[0],
        );
      switch (origin) {
        case CaseOrigin.Exceedance: {
          if (!input.sampleId || !input.indicatorCode)
            throw new EnforcementException(
              EnforcementErrorCode.OriginInvalid,
              '依据超标记录立案须指明样品和超标指标 / name the sample (sampleId) and the exceeding indicator (indicatorCode)',
              input.sampleId ? 'indicatorCode' : 'sampleId',
            );
          const [reading] = await em.query<
            {
              outfall_id: string;
              compliant: boolean | null;
              value: number | null;
              limit_text: string | null;
              multiple: number | null;
              sampled_at: Date;
            }[]
          >(
            `SELECT s.outfall_id, v.compliant, v.value, v.limit_text, v.exceedance_multiple AS multiple, s.sampled_at
               FROM sample s LEFT JOIN sample_value v ON v.sample_id = s.id AND v.indicator_code = $2
              WHERE s.id = $1`,
            [input.sampleId, input.indicatorCode],
          );
          // a sample of another township is not found, as reading it would be
          const visible =
            reading &&
            (await this.outfalls
              .visible(principal, em)
              .andWhere('outfall.id = :sampleOutfall', { sampleOutfall: reading.outfall_id })
              .getExists());
          if (!reading || !visible) throw DomainException.notFound('Sample', input.sampleId);
          if (outfallId && outfallId !== reading.outfall_id)
            throw new EnforcementException(
              EnforcementErrorCode.OriginInvalid,
              '该样品不属于所选排污口 / the sample belongs to another outfall',
              'outfallId',
            );
          if (reading.compliant !== false)
            throw new EnforcementException(
              EnforcementErrorCode.NotAnExceedance,
              `该样品的${input.indicatorCode}${reading.value === null ? '未监测' : '未超标'}，不能依据超标记录立案 / the sample’s ${input.indicatorCode} is not an exceedance`,
              'indicatorCode',
            );
          const existing = await em.getRepository(EnforcementCase).findOne({
            where: { sampleId: input.sampleId, indicatorCode: input.indicatorCode },
          });
          if (existing && existing.status !== CaseStatus.Dismissed)
            throw new EnforcementException(
              EnforcementErrorCode.CaseExists,
              `该超标记录已立案（案件 ${existing.caseNo}） / this exceedance already has case ${existing.caseNo}`,
              'sampleId',
            );
          outfallId = reading.outfall_id;
          link.sampleId = input.sampleId;
          link.indicatorCode = input.indicatorCode;
          originDetail = {
            sampledAt: new Date(reading.sampled_at).toISOString(),
            value: reading.value ?? undefined,
            limitText: reading.limit_text,
            exceedanceMultiple: reading.multiple,
          };
          break;
        }
        case CaseOrigin.Chronic: {
          if (!outfallId)
            throw DomainException.invalid('outfallId', '请选择排污口 / name the outfall (outfallId)');
          // outside the caller's jurisdiction: 404, as reading the outfall would answer
          await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
          // read before the transaction (above); never here, on a second connection
          const row = chronicRow;
          if (!row) throw DomainException.invalid('outfallId', '请选择排污口 / name the outfall (outfallId)');
          originDetail = { recentSamples: row.recentSamples, recentExceeding: row.recentExceeding };
          break;
        }
        case CaseOrigin.Patrol:
          if (!input.patrolRecordId)
            throw new EnforcementException(
              EnforcementErrorCode.OriginInvalid,
              '依据巡查发现立案须指明巡查记录 / name the patrol record (patrolRecordId)',
              'patrolRecordId',
            );
          {
            // the patrols lib depends on this one, so its table is read here, not its service
            const [record] = await em.query<{ outfall_id: string }[]>(
              'SELECT outfall_id FROM patrol WHERE id = $1',
              [input.patrolRecordId],
            );
            if (!record) throw DomainException.notFound('Patrol record', input.patrolRecordId);
            if (outfallId && outfallId !== record.outfall_id)
              throw new EnforcementException(
                EnforcementErrorCode.OriginInvalid,
                '该巡查记录不属于所选排污口 / the patrol record belongs to another outfall',
                'patrolRecordId',
              );
            outfallId = record.outfall_id;
          }
          link.patrolRecordId = input.patrolRecordId;
          break;
        case CaseOrigin.PublicReport:
          if (!input.publicReportId)
            throw new EnforcementException(
              EnforcementErrorCode.OriginInvalid,
              '依据群众举报立案须指明举报记录 / name the public report (publicReportId)',
              'publicReportId',
            );
          link.publicReportId = input.publicReportId;
          break;
        case CaseOrigin.Manual:
          break;
      }
      if (!outfallId)
        throw DomainException.invalid('outfallId', '请选择排污口 / name the outfall (outfallId)');
      const outfall = await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
      const source =
        input.source ??
        (origin === CaseOrigin.Exceedance || origin === CaseOrigin.Chronic
          ? CaseSource.MonitoringAlert
          : origin === CaseOrigin.PublicReport
            ? CaseSource.PublicReport
            : origin === CaseOrigin.Patrol
              ? CaseSource.Inspection
              : undefined);
      if (!source)
        throw DomainException.invalid('source', '请选择案件来源 / name the source of the case (source)');
      const today = beijingToday();
      const registeredOn = input.registeredOn ?? today;
      if (registeredOn > today)
        throw new EnforcementException(
          EnforcementErrorCode.Dates,
          '立案日期不能晚于今天 / the registration day cannot be in the future',
          'registeredOn',
        );
      const fields = await this.caseFields(em, outfall.id, input);
      const repo = em.getRepository(EnforcementCase);
      const saved = await repo.save(
        repo.create({
          ...fields,
          ...link,
          caseNo: await this.nextCaseNo(em, registeredOn),
          outfallId: outfall.id,
          source,
          origin,
          originDetail,
          status: CaseStatus.Registered,
          registeredOn,
        }),
      );
      await this.event(em, principal, saved, 'open', null, registeredOn, null);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'enforcement_case',
        entityId: saved.id,
        after: saved,
      });
      return saved.id;
    });
    return this.view1(principal, id);
  }

  /** Edits the description (kind, entity, facts, legal basis) of a case that is not finished. */
  async update(principal: Principal, id: string, dto: UpdateCaseDto): Promise<CaseResponse> {
    this.assertWriter(principal);
    await this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      this.assertVersion(found, dto.version);
      await this.outfalls.assertWritable(principal, found.outfallId, em, { requireActive: false });
      this.assertOpen(found);
      const before = this.columns(found);
      const fields = await this.caseFields(em, found.outfallId, dto);
      const saved = await this.persist(em, { ...before, ...fields });
      await this.event(em, principal, saved, 'edit', saved.status, beijingToday(), null);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'enforcement_case',
        entityId: id,
        before,
        after: saved,
      });
    });
    return this.view1(principal, id);
  }

  /**
   * One workflow step, validated here: wrong state → 409 ENFORCEMENT_INVALID_TRANSITION with the reason in
   * Chinese; missing penalty / rectification fields → 422 ENFORCEMENT_FIELDS_MISSING; dismissal without a
   * reason → 422; dates out of order → 400 ENFORCEMENT_DATES_INVALID.
   */
  async transition(principal: Principal, id: string, dto: CaseTransitionDto): Promise<CaseResponse> {
    this.assertWriter(principal);
    await this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      this.assertVersion(found, dto.version);
      await this.outfalls.assertWritable(principal, found.outfallId, em, { requireActive: false });
      const refusal = transitionRefusal(found.status, dto.action);
      if (refusal) throw new EnforcementException(EnforcementErrorCode.InvalidTransition, refusal, 'action');
      const today = beijingToday();
      const on = dto.on ?? today;
      if (on > today)
        throw new EnforcementException(
          EnforcementErrorCode.Dates,
          '日期不能晚于今天 / the day cannot be in the future',
          'on',
        );
      if (on < found.registeredOn)
        throw new EnforcementException(
          EnforcementErrorCode.Dates,
          `日期不能早于立案日期（${found.registeredOn}） / the day cannot precede the registration (${found.registeredOn})`,
          'on',
        );
      const before = this.columns(found);
      const next = { ...before };
      const missing = (field: string, zh: string) =>
        new EnforcementException(
          EnforcementErrorCode.FieldsMissing,
          `${CASE_ACTION_LABELS[dto.action].zh}须填写${zh} / ${dto.action} needs ${field}`,
          field,
        );
      switch (dto.action) {
        case CaseAction.Investigate:
          break;
        case CaseAction.DecidePenalty: {
          const legalBasis = dto.legalBasis?.trim() || found.legalBasis;
          if (!legalBasis) throw missing('legalBasis', '法律依据');
          if (dto.penaltyAmount === undefined || dto.penaltyAmount === null)
            throw missing('penaltyAmount', '罚款金额');
          if (!isYuanAmount(dto.penaltyAmount))
            throw DomainException.invalid(
              'penaltyAmount',
              '罚款金额须为不小于 0、最多两位小数的元数 / penaltyAmount must be yuan ≥ 0 with at most 2 decimals',
            );
          if (!dto.penaltyDocumentNo?.trim()) throw missing('penaltyDocumentNo', '处罚决定书文号');
          const decidedOn = dto.penaltyDecidedOn ?? on;
          if (decidedOn > today || decidedOn < found.registeredOn)
            throw new EnforcementException(
              EnforcementErrorCode.Dates,
              `处罚决定日期须在立案日期（${found.registeredOn}）与今天之间 / the decision day must lie between the registration and today`,
              'penaltyDecidedOn',
            );
          Object.assign(next, {
            legalBasis,
            penaltyAmount: Math.round(dto.penaltyAmount * 100) / 100,
            penaltyDocumentNo: dto.penaltyDocumentNo.trim(),
            penaltyDecidedOn: decidedOn,
          });
          break;
        }
        case CaseAction.OrderRectification:
          if (!dto.rectificationOrder?.trim()) throw missing('rectificationOrder', '责令改正内容');
          if (!dto.rectificationDeadline) throw missing('rectificationDeadline', '整改期限');
          if (dto.rectificationDeadline < on)
            throw new EnforcementException(
              EnforcementErrorCode.Dates,
              `整改期限不能早于责令改正日期（${on}） / the deadline cannot precede the order (${on})`,
              'rectificationDeadline',
            );
          Object.assign(next, {
            rectificationOrder: dto.rectificationOrder.trim(),
            rectificationOrderedOn: on,
            rectificationDeadline: dto.rectificationDeadline,
          });
          break;
        case CaseAction.Close:
          if (!dto.note?.trim()) throw missing('note', '结案说明');
          Object.assign(next, { closedOn: on, closingNote: dto.note.trim() });
          break;
        case CaseAction.Dismiss:
          if (!dto.note?.trim()) throw missing('note', '不予立案或撤销的理由');
          Object.assign(next, { closedOn: on, closingNote: dto.note.trim() });
          break;
      }
      next.status = CASE_TRANSITIONS[dto.action].to;
      const saved = await this.persist(em, next);
      await this.event(em, principal, saved, dto.action, found.status, on, dto.note?.trim() || null);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'enforcement_case',
        entityId: id,
        before,
        after: { ...saved, transition: dto.action, note: dto.note ?? null },
      });
    });
    return this.view1(principal, id);
  }

  /** Stores an evidence file and the SHA-256 of its bytes; refused on a finished case. */
  async addEvidence(
    principal: Principal,
    id: string,
    file: UploadedEvidence | undefined,
    note?: string,
  ): Promise<EnforcementEvidence> {
    this.assertWriter(principal);
    if (!file)
      throw DomainException.invalid('file', '请上传文件（multipart 字段 file） / attach the file as "file"');
    if (!file.size) throw DomainException.invalid('file', '文件为空 / the file is empty');
    const signature = EVIDENCE_TYPES.find((s) =>
      s.magic.every((byte, i) => file.buffer[(s.offset ?? 0) + i] === byte),
    );
    const extension = file.originalname.split('.').pop()?.toLowerCase() ?? '';
    const contentType = signature?.type === 'application/zip' ? OFFICE_TYPES[extension] : signature?.type;
    if (!signature || !contentType)
      throw new EnforcementException(
        EnforcementErrorCode.EvidenceType,
        '证据文件须为 JPEG、PNG、WebP 图片，PDF、XLSX、DOCX 文档或 MP4 视频 / evidence must be JPEG, PNG, WebP, PDF, XLSX, DOCX or MP4',
        'file',
      );
    const storageKey = `enforcement/${id}/${randomUUID()}.${signature.type === 'application/zip' ? extension : signature.extension}`;
    const sha256 = sha256Hex(file.buffer);
    return this.dataSource.transaction(async (em) => {
      const found = await this.get(principal, id, em, true);
      await this.outfalls.assertWritable(principal, found.outfallId, em, { requireActive: false });
      this.assertOpen(found);
      const repo = em.getRepository(EnforcementEvidence);
      const saved = await repo.save(
        repo.create({
          caseId: id,
          fileName: uploadedFileName(file.originalname).slice(0, 200),
          contentType,
          sizeBytes: file.size,
          sha256,
          note: note?.trim() || null,
          storageKey,
          uploadedBy: principal.name.slice(0, 100),
        }),
      );
      await this.event(
        em,
        principal,
        found,
        'evidence',
        found.status,
        beijingToday(),
        `${saved.fileName}（SHA-256 ${sha256}）`,
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'enforcement_evidence',
        entityId: saved.id,
        after: saved,
      });
      // the bytes last: a failed write rolls the row back
      await this.storage.put(storageKey, file.buffer);
      return saved;
    });
  }

  async openEvidence(
    principal: Principal,
    caseId: string,
    evidenceId: string,
  ): Promise<{ evidence: EnforcementEvidence; stream: Readable }> {
    await this.get(principal, caseId);
    const evidence = await this.dataSource
      .getRepository(EnforcementEvidence)
      .findOneBy({ id: evidenceId, caseId });
    if (!evidence) throw DomainException.notFound('Evidence', evidenceId);
    return { evidence, stream: await this.storage.open(evidence.storageKey) };
  }

  /** Hashes the stored bytes again and compares with the hash taken on upload. */
  async checkEvidence(principal: Principal, caseId: string, evidenceId: string) {
    const { evidence, stream } = await this.openEvidence(principal, caseId, evidenceId);
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    const actual = hash.digest('hex');
    return { id: evidence.id, stored: evidence.sha256, actual, intact: actual === evidence.sha256 };
  }

  /**
   * Cases per township, violation kind and status as of a Beijing day: registered on or before it and recorded
   * by `computedAt`; the status is the last step taken on or before the day; overdue when the rectification
   * deadline lies before the day and the case was not finished by then.
   */
  async countsAsOf(asOf: string, computedAt: Date): Promise<CaseCountRow[]> {
    return this.dataSource.query<CaseCountRow[]>(
      `WITH state AS (
         SELECT c.id, c.kind, o.division_id,
                (SELECT ev.to_status FROM enforcement_case_event ev
                  WHERE ev.case_id = c.id AND ev.on <= $1::date AND ev.at <= $2
                    AND ev.action NOT IN ('edit', 'evidence')
                  ORDER BY ev.on DESC, ev.at DESC LIMIT 1) AS status,
                CASE WHEN c.rectification_ordered_on <= $1::date THEN c.rectification_deadline END AS deadline
           FROM enforcement_case c JOIN outfall o ON o.id = c.outfall_id
          WHERE c.registered_on <= $1::date AND c.created_at <= $2)
       SELECT d.id AS "divisionId", d.name AS township, s.kind, s.status, count(*)::int AS count,
              (count(*) FILTER (WHERE s.deadline < $1::date AND s.status NOT IN ('closed', 'dismissed')))::int AS overdue
         FROM state s JOIN division d ON d.id = s.division_id
        WHERE s.status IS NOT NULL
        GROUP BY d.id, d.name, s.kind, s.status
        ORDER BY d.name, s.kind, s.status`,
      [asOf, computedAt],
    );
  }

  private assertOpen(found: EnforcementCase): void {
    if (FINISHED.includes(found.status))
      throw new EnforcementException(
        EnforcementErrorCode.NotEditable,
        `案件已${found.status === CaseStatus.Closed ? '结案' : '撤销'}，不能再修改 / a ${found.status} case cannot be changed`,
      );
  }

  private assertVersion(found: EnforcementCase, version: number): void {
    if (found.version !== version)
      throw new DomainException(
        'VERSION_CONFLICT',
        `案件已被他人修改（当前版本 ${found.version}，您提交的是 ${version}），请刷新后重试 / the case was changed by someone else`,
        409,
        [{ field: 'version', message: `current version is ${found.version}` }],
      );
  }

  private async caseFields(em: EntityManager, outfallId: string, dto: CaseFieldsDto) {
    if (dto.kind === ViolationKind.Other && !dto.kindOther?.trim())
      throw new EnforcementException(
        EnforcementErrorCode.FieldsMissing,
        '违法行为类型为“其他”时须说明具体行为 / describe the violation (kindOther) for kind other',
        'kindOther',
      );
    let entityId = dto.entityId ?? null;
    if (entityId) {
      const [linked] = await em.query<{ ok: boolean }[]>(
        `SELECT true AS ok FROM outfall_entity WHERE outfall_id = $1 AND entity_id = $2`,
        [outfallId, entityId],
      );
      if (!linked)
        throw new EnforcementException(
          EnforcementErrorCode.EntityNotLinked,
          '该责任主体未与此排污口关联 / the entity is not linked to this outfall',
          'entityId',
        );
    } else {
      const [main] = await em.query<{ entity_id: string }[]>(
        `SELECT entity_id FROM outfall_entity WHERE outfall_id = $1 ORDER BY is_main DESC LIMIT 1`,
        [outfallId],
      );
      entityId = main?.entity_id ?? null;
    }
    return {
      entityId,
      kind: dto.kind,
      kindOther: dto.kind === ViolationKind.Other ? (dto.kindOther?.trim() ?? null) : null,
      description: dto.description.trim(),
      legalBasis: dto.legalBasis?.trim() || null,
    };
  }

  /** 案件编号 ZF{year}-{nnnn}, numbered per year of registration. */
  private async nextCaseNo(em: EntityManager, registeredOn: string): Promise<string> {
    const year = registeredOn.slice(0, 4);
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('enforcement_case_no'))`);
    const [{ max }] = await em.query<{ max: number | null }[]>(
      `SELECT max(split_part(case_no, '-', 2)::int) AS max FROM enforcement_case WHERE case_no LIKE $1`,
      [`ZF${year}-%`],
    );
    return `ZF${year}-${String((max ?? 0) + 1).padStart(4, '0')}`;
  }

  private columns(found: EnforcementCase): EnforcementCase {
    const { outfall: _outfall, entity: _entity, ...columns } = found;
    return columns as EnforcementCase;
  }

  private async persist(em: EntityManager, columns: EnforcementCase): Promise<EnforcementCase> {
    const repo = em.getRepository(EnforcementCase);
    return repo.save(repo.create(columns));
  }

  private async event(
    em: EntityManager,
    principal: Principal,
    c: EnforcementCase,
    action: string,
    fromStatus: CaseStatus | null,
    on: string,
    note: string | null,
  ): Promise<void> {
    await em.getRepository(EnforcementCaseEvent).insert({
      caseId: c.id,
      action,
      fromStatus,
      toStatus: c.status,
      on,
      note,
      actorName: principal.name.slice(0, 100),
      actorId: principal.id.slice(0, 64),
    });
  }
}
