import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingDay,
  beijingToday,
  CommonErrorCode,
  DomainException,
  FileStorage,
  likePattern,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import {
  DirectoryErrorCode,
  DirectoryException,
  FunctionZone,
  gateRefusal,
  Outfall,
  OutfallDerivationService,
  OutfallsService,
  ResponsibleEntitiesService,
  sectorMessage,
  uploadedFileName,
  WaterBody,
} from '@outfall/directory';
import { assertVersion, Division } from '@outfall/org';
import {
  AuditAction,
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  OutfallSubType,
  ProtectedAreaKind,
  SETUP_STATUS_LABELS,
  SetupApproval,
  SetupDecision,
  SetupKind,
  SETUP_APPROVALS_BY_ROUTE,
  SetupRoute,
  SetupRuleOutcome,
  setupRouteOf,
  setupRouteReason,
  SetupStatus,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CreateSetupApplicationDto,
  PublishedSetupPageDto,
  PublishedSetupResultDto,
  SetupApplicationFieldsDto,
  SetupApplicationFilterDto,
  SetupApplicationQueryDto,
  SetupConsultationDto,
  SetupDecisionDto,
  SetupFilingDto,
  SetupRouteAnswer,
  UpdateSetupApplicationDto,
} from './dto/setup-review.dto';
import { SetupApplication, SetupDocument } from './setup-application.entity';
import { checkSetupRules, refusals, RuleResult } from './setup-rules';
import { SetupReviewErrorCode, SetupReviewException } from './setup-review.exception';

export const SETUP_SORTABLE = {
  code: 'app.code',
  status: 'app.status',
  createdAt: 'app.createdAt',
  updatedAt: 'app.updatedAt',
  submittedAt: 'app.submittedAt',
  decidedOn: 'app.decidedOn',
  outfallName: 'app.outfallName',
};

/** How far from the location a function zone's geometry may lie and still be derived (metres). */
export const ZONE_DERIVE_DISTANCE_M = 1000;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const DOCUMENT_TYPES: { type: string; extension: string; magic: number[] }[] = [
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'application/zip', extension: 'zip', magic: [0x50, 0x4b, 0x03, 0x04] },
];
const OFFICE_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** An application as the API shows it: the record, its names, and the rules with their reasons. */
export type SetupApplicationView = SetupApplication & {
  applicantName: string | null;
  divisionName: string | null;
  waterBodyName: string | null;
  functionZoneName: string | null;
  outfallCode: string | null;
  rules: RuleResult[];
};

const userId = (principal: Principal) =>
  principal.kind === 'user' && /^[0-9a-f-]{36}$/i.test(principal.id) ? principal.id : null;

interface Resolved {
  outfallId: string | null;
  outfallName: string;
  category: OutfallCategory;
  subType: OutfallSubType;
  longitude: number;
  latitude: number;
  waterBodyId: string;
  functionZoneId: string | null;
  functionZoneDerived: boolean;
  division: Division;
}

/**
 * 设置审核与登记: applications to set up, change or enlarge an outfall, their route (审批 / 登记), the plan's
 * rules, the water administration's consultation, the decision or filing, the directory record it creates or
 * updates, and publication. Every path (REST, GraphQL, demo) calls this service.
 */
@Injectable()
export class SetupReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly outfalls: OutfallsService,
    private readonly derivation: OutfallDerivationService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly storage: FileStorage,
  ) {}

  routeFor(category: OutfallCategory): SetupRouteAnswer {
    const route = setupRouteOf(category);
    return {
      category,
      route,
      reason: setupRouteReason(category),
      setupApprovals: [...SETUP_APPROVALS_BY_ROUTE[route]],
    };
  }

  /** Applications inside the caller's jurisdiction (by the application's township). */
  visible(
    principal: Principal,
    em: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<SetupApplication> {
    const qb = em
      .getRepository(SetupApplication)
      .createQueryBuilder('app')
      .innerJoin('app.division', 'division')
      .addSelect(['division.id', 'division.name', 'division.path'])
      .innerJoin('app.applicant', 'applicant')
      .addSelect(['applicant.id', 'applicant.name'])
      .innerJoin('app.waterBody', 'water')
      .addSelect(['water.id', 'water.name'])
      .leftJoin('app.functionZone', 'zone')
      .addSelect(['zone.id', 'zone.name', 'zone.targetMet'])
      .leftJoin('app.outfall', 'outfall')
      .addSelect(['outfall.id', 'outfall.localCode']);
    const { jurisdiction } = principal;
    if (!jurisdiction.cityWide) {
      qb.andWhere('(division.path = :jpath OR division.path LIKE :jprefix)', {
        jpath: jurisdiction.divisionPath ?? '-',
        jprefix: `${jurisdiction.divisionPath ?? '-'}/%`,
      });
    }
    return qb;
  }

  filtered(principal: Principal, filter: SetupApplicationFilterDto, em?: EntityManager) {
    const qb = this.visible(principal, em);
    if (filter.status) qb.andWhere('app.status = :status', { status: filter.status });
    if (filter.route) qb.andWhere('app.route = :route', { route: filter.route });
    if (filter.kind) qb.andWhere('app.kind = :kind', { kind: filter.kind });
    if (filter.category) qb.andWhere('app.category = :category', { category: filter.category });
    if (filter.applicantId)
      qb.andWhere('app.applicantId = :applicantId', { applicantId: filter.applicantId });
    if (filter.outfallId) qb.andWhere('app.outfallId = :outfallId', { outfallId: filter.outfallId });
    if (filter.published !== undefined)
      qb.andWhere('app.published = :published', { published: filter.published });
    if (filter.divisionId) {
      qb.andWhere(
        `(division.id = :divisionId OR division.path LIKE (SELECT path || '/%' FROM division WHERE id = :divisionId))`,
        { divisionId: filter.divisionId },
      );
    }
    if (filter.q) {
      qb.andWhere('(app.code ILIKE :q OR app.outfallName ILIKE :q OR applicant.name ILIKE :q)', {
        q: likePattern(filter.q),
      });
    }
    return qb;
  }

  async list(
    principal: Principal,
    query: SetupApplicationQueryDto,
  ): Promise<PageResult<SetupApplicationView>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      SETUP_SORTABLE,
      '-createdAt',
      'app.id',
    );
    return { ...page, items: await this.views(this.dataSource.manager, page.items) };
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<SetupApplication> {
    const qb = this.visible(principal, em).andWhere('app.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['app']);
    const app = await qb.getOne();
    if (!app) throw DomainException.notFound('Setup application', id);
    return app;
  }

  async detail(principal: Principal, id: string): Promise<SetupApplicationView> {
    const [view] = await this.views(this.dataSource.manager, [await this.get(principal, id)]);
    return view;
  }

  /** The rules for each application, from the directory's layers as they are now. */
  async rulesOf(em: EntityManager, app: SetupApplication): Promise<RuleResult[]> {
    const areas = await em.query<{ name: string }[]>(
      `SELECT name FROM protected_area
        WHERE kind IN ($3, $4) AND ST_Contains(geometry, ST_SetSRID(ST_MakePoint($1, $2), 4326))
        ORDER BY name`,
      [
        app.longitude,
        app.latitude,
        ProtectedAreaKind.DrinkingWaterLevel1,
        ProtectedAreaKind.DrinkingWaterLevel2,
      ],
    );
    const zone = app.functionZoneId
      ? (app.functionZone ?? (await em.getRepository(FunctionZone).findOneBy({ id: app.functionZoneId })))
      : null;
    return checkSetupRules({
      kind: app.kind,
      category: app.category,
      zone: zone ? { name: zone.name, targetMet: zone.targetMet } : null,
      drinkingWaterAreas: areas,
      waterImpacts: app.waterImpacts ?? [],
      consultation: app.consultedOn
        ? { on: app.consultedOn, documentNumber: app.consultationDocumentNumber }
        : null,
    });
  }

  private async views(em: EntityManager, apps: SetupApplication[]): Promise<SetupApplicationView[]> {
    return Promise.all(
      apps.map(async (app) => {
        const rules = await this.rulesOf(em, app);
        const { applicant, division, waterBody, functionZone, outfall, ...rest } = app;
        return Object.assign(rest, {
          documents: (app.documents ?? []).map(({ storageKey: _k, ...d }) => d),
          applicantName: applicant?.name ?? null,
          divisionName: division?.name ?? null,
          waterBodyName: waterBody?.name ?? null,
          functionZoneName: functionZone?.name ?? null,
          outfallCode: outfall?.localCode ?? null,
          rules,
        }) as SetupApplicationView;
      }),
    );
  }

  /** Sector and jurisdiction of an existing application: the same write gate as the outfalls. */
  private assertWritable(principal: Principal, app: SetupApplication): void {
    const refusal = gateRefusal(principal, { category: app.category, divisionPath: app.division?.path });
    if (refusal === 'jurisdiction') throw DomainException.notFound('Setup application', app.id);
    if (refusal === 'sector')
      throw new DirectoryException(
        DirectoryErrorCode.CategoryNotInSector,
        sectorMessage(principal, app.category),
        'category',
      );
  }

  private wrongRoute(category: OutfallCategory, asked: SetupRoute): SetupReviewException {
    const route = setupRouteOf(category);
    const label = OUTFALL_CATEGORY_LABELS[category].zh;
    const zh =
      route === SetupRoute.Approval
        ? `${label}的设置实行审批，不能以登记（备案）方式办理：${setupRouteReason(category).zh}`
        : `${label}的设置实行登记（备案），不予审批：${setupRouteReason(category).zh}`;
    return new SetupReviewException(
      SetupReviewErrorCode.WrongRoute,
      `${zh} / a ${category} outfall follows the ${route} route, not ${asked}`,
      'route',
    );
  }

  /** Location-derived facts: division, water, function zone; the outfall's own facts for a change. */
  private async resolve(
    em: EntityManager,
    principal: Principal,
    kind: SetupKind,
    input: SetupApplicationFieldsDto,
    applicantDivisionId: string,
  ): Promise<Resolved> {
    let outfall: Outfall | null = null;
    if (kind === SetupKind.New) {
      if (input.outfallId)
        throw DomainException.invalid(
          'outfallId',
          '新设排污口不能选择已有排污口 / a new outfall has no outfallId',
        );
    } else {
      if (!input.outfallId)
        throw DomainException.invalid(
          'outfallId',
          '改设或扩大须选择已有排污口 / a change or enlargement names the outfall',
        );
      outfall = await this.outfalls.get(principal, input.outfallId, em);
      if (input.category && input.category !== outfall.category)
        throw DomainException.invalid('category', '类别取自所选排污口 / the category is the outfall’s');
    }
    const category = outfall?.category ?? input.category;
    const subType = outfall?.subType ?? input.subType;
    if (!category) throw DomainException.invalid('category', '请选择排污口类别 / category is required');
    if (!subType) throw DomainException.invalid('subType', '请选择排污口类型 / subType is required');
    if (!SUB_TYPES_BY_CATEGORY[category].includes(subType))
      throw DomainException.invalid('subType', `subType ${subType} does not belong to category ${category}`);
    const outfallName = input.outfallName ?? outfall?.name;
    if (!outfallName)
      throw DomainException.invalid('outfallName', '请填写排污口名称 / outfallName is required');
    const longitude = input.longitude ?? outfall?.longitude;
    const latitude = input.latitude ?? outfall?.latitude;
    if (longitude === undefined)
      throw DomainException.invalid('longitude', '请填写经度 / longitude is required');
    if (latitude === undefined)
      throw DomainException.invalid('latitude', '请填写纬度 / latitude is required');
    const box = this.config.cityBbox;
    if (longitude < box.minLon || longitude > box.maxLon || latitude < box.minLat || latitude > box.maxLat)
      throw DomainException.invalid(
        'longitude',
        `坐标（${longitude}, ${latitude}）不在本市范围内 / outside the city`,
      );

    // the function zone: derived from the location where zone geometry exists, else the one chosen
    const [near] = await em.query<{ id: string; water_body_id: string }[]>(
      `SELECT id, water_body_id FROM function_zone
        WHERE geometry IS NOT NULL
          AND ST_DWithin(geometry::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
        ORDER BY ST_Distance(geometry::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) LIMIT 1`,
      [longitude, latitude, ZONE_DERIVE_DISTANCE_M],
    );
    let zone: { id: string; waterBodyId: string } | null = near
      ? { id: near.id, waterBodyId: near.water_body_id }
      : null;
    const derived = !!zone;
    if (!zone && input.functionZoneId) {
      const chosen = await em.getRepository(FunctionZone).findOneBy({ id: input.functionZoneId });
      if (!chosen)
        throw DomainException.invalid(
          'functionZoneId',
          `function zone ${input.functionZoneId} does not exist`,
        );
      zone = { id: chosen.id, waterBodyId: chosen.waterBodyId };
    }
    const waterBodyId = input.waterBodyId ?? zone?.waterBodyId ?? outfall?.waterBodyId;
    if (!waterBodyId)
      throw DomainException.invalid('waterBodyId', '请选择受纳水体 / waterBodyId is required');
    if (!(await em.getRepository(WaterBody).existsBy({ id: waterBodyId })))
      throw DomainException.invalid('waterBodyId', `water body ${waterBodyId} does not exist`);
    if (zone && zone.waterBodyId !== waterBodyId)
      throw DomainException.invalid(
        'functionZoneId',
        '水功能区不在所选受纳水体上 / the function zone lies on another water',
      );

    let division: Division;
    if (outfall) {
      division = await em.getRepository(Division).findOneByOrFail({ id: outfall.divisionId });
    } else {
      const at = await this.derivation.divisionAt(em, longitude, latitude);
      const id = at ?? input.divisionId ?? applicantDivisionId;
      const found = await em.getRepository(Division).findOneBy({ id });
      if (!found) throw DomainException.invalid('divisionId', `division ${id} does not exist`);
      division = found;
    }
    return {
      outfallId: outfall?.id ?? null,
      outfallName,
      category,
      subType,
      longitude,
      latitude,
      waterBodyId,
      functionZoneId: zone?.id ?? null,
      functionZoneDerived: derived,
      division,
    };
  }

  private async nextCode(em: EntityManager): Promise<string> {
    const prefix = `SQ-${beijingToday().slice(0, 4)}-`;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [prefix]);
    const [{ max }] = await em.query<{ max: number | null }[]>(
      `SELECT max(substring(code from length($1) + 1)::int) AS max FROM setup_application
        WHERE code LIKE $1 || '%' AND substring(code from length($1) + 1) ~ '^[0-9]+$'`,
      [prefix],
    );
    return `${prefix}${String((max ?? 0) + 1).padStart(4, '0')}`;
  }

  async create(principal: Principal, input: CreateSetupApplicationDto): Promise<SetupApplicationView> {
    const id = await this.dataSource.transaction(async (em) => {
      const applicant = await this.entities.get(principal, input.applicantId, em);
      const resolved = await this.resolve(em, principal, input.kind, input, applicant.divisionId);
      const route = setupRouteOf(resolved.category);
      if (input.route && input.route !== route) throw this.wrongRoute(resolved.category, input.route);
      this.outfalls.assertCanWrite(principal, resolved.category, resolved.division.path);
      const repo = em.getRepository(SetupApplication);
      const { division, ...fields } = resolved;
      const saved = await repo.save(
        repo.create({
          ...fields,
          divisionId: division.id,
          code: await this.nextCode(em),
          applicantId: applicant.id,
          kind: input.kind,
          route,
          status: SetupStatus.Draft,
          expectedFlowM3d: input.expectedFlowM3d ?? null,
          pollutants: input.pollutants ?? [],
          waterImpacts: [...new Set(input.waterImpacts ?? [])],
          description: input.description ?? null,
          documents: [],
          createdById: userId(principal),
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'setup_application',
        entityId: saved.id,
        after: saved,
      });
      return saved.id;
    });
    return this.detail(principal, id);
  }

  async update(
    principal: Principal,
    id: string,
    input: UpdateSetupApplicationDto,
  ): Promise<SetupApplicationView> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.get(principal, id, em, true);
      this.assertWritable(principal, current);
      assertVersion('Setup application', current.version, input.version);
      if (current.status !== SetupStatus.Draft)
        throw new SetupReviewException(
          SetupReviewErrorCode.NotEditable,
          `只有草稿可以修改（当前：${SETUP_STATUS_LABELS[current.status].zh}） / only a draft can be edited`,
        );
      const before = await em.getRepository(SetupApplication).findOneByOrFail({ id });
      const { version: _v, ...changes } = input;
      const merged: SetupApplicationFieldsDto = {
        outfallId: before.outfallId ?? undefined,
        outfallName: before.outfallName,
        category: before.category,
        subType: before.subType,
        longitude: before.longitude,
        latitude: before.latitude,
        waterBodyId: before.waterBodyId,
        functionZoneId: before.functionZoneId ?? undefined,
        divisionId: before.divisionId,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      };
      // a moved point re-derives its water and zone unless they are given again
      const moved =
        (input.longitude !== undefined && input.longitude !== before.longitude) ||
        (input.latitude !== undefined && input.latitude !== before.latitude);
      if (moved && input.divisionId === undefined) merged.divisionId = undefined;
      const applicant = await this.entities.get(principal, before.applicantId, em);
      const resolved = await this.resolve(em, principal, before.kind, merged, applicant.divisionId);
      this.outfalls.assertCanWrite(principal, resolved.category, resolved.division.path);
      const { division, ...fields } = resolved;
      await em.getRepository(SetupApplication).update(id, {
        ...fields,
        divisionId: division.id,
        route: setupRouteOf(resolved.category),
        ...(input.expectedFlowM3d !== undefined ? { expectedFlowM3d: input.expectedFlowM3d } : {}),
        ...(input.pollutants !== undefined ? { pollutants: input.pollutants } : {}),
        ...(input.waterImpacts !== undefined ? { waterImpacts: [...new Set(input.waterImpacts)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        version: before.version + 1,
      });
      const after = await em.getRepository(SetupApplication).findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'setup_application',
        entityId: id,
        before,
        after,
      });
    });
    return this.detail(principal, id);
  }

  /** Runs `change` on the locked application and audits it (before → after). */
  private async step(
    principal: Principal,
    id: string,
    change: (em: EntityManager, app: SetupApplication) => Promise<Partial<SetupApplication>>,
  ): Promise<SetupApplicationView> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.get(principal, id, em, true);
      this.assertWritable(principal, app);
      const before = await em.getRepository(SetupApplication).findOneByOrFail({ id });
      const patch = await change(em, app);
      await em.getRepository(SetupApplication).update(id, { ...patch, version: before.version + 1 });
      const after = await em.getRepository(SetupApplication).findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'setup_application',
        entityId: id,
        before,
        after,
      });
    });
    return this.detail(principal, id);
  }

  private expect(app: SetupApplication, status: SetupStatus, action: string): void {
    if (app.status !== status)
      throw new SetupReviewException(
        SetupReviewErrorCode.InvalidTransition,
        `当前状态为“${SETUP_STATUS_LABELS[app.status].zh}”，不能${action} / cannot ${action} an application in status ${app.status}`,
        'status',
      );
  }

  submit(principal: Principal, id: string): Promise<SetupApplicationView> {
    return this.step(principal, id, async (_em, app) => {
      this.expect(app, SetupStatus.Draft, '报送');
      return { status: SetupStatus.Submitted, submittedAt: new Date() };
    });
  }

  /** 水行政主管部门意见: recorded on a submitted application before the decision. */
  consult(principal: Principal, id: string, input: SetupConsultationDto): Promise<SetupApplicationView> {
    return this.step(principal, id, async (_em, app) => {
      this.expect(app, SetupStatus.Submitted, '记录征求意见');
      this.checkDay(input.consultedOn, app, 'consultedOn');
      return {
        consultedOn: input.consultedOn,
        consultationAuthority: input.authority,
        consultationDocumentNumber: input.documentNumber ?? null,
        consultationOpinion: input.opinion,
      };
    });
  }

  private checkDay(day: string, app: SetupApplication, field: string): void {
    if (day > beijingToday())
      throw new SetupReviewException(
        SetupReviewErrorCode.Dates,
        `${field} 不能晚于今天 / cannot be in the future`,
        field,
      );
    if (day < beijingDay(app.createdAt))
      throw new SetupReviewException(
        SetupReviewErrorCode.Dates,
        `${field} 不能早于申请 / cannot precede the application`,
        field,
      );
  }

  /** The gates every decision and filing passes: consultation first, then no refusing rule for a yes. */
  private async gate(
    em: EntityManager,
    app: SetupApplication,
    yes: boolean,
    reviewNote: string | undefined,
  ): Promise<void> {
    const rules = await this.rulesOf(em, app);
    const consultation = rules.find((r) => r.outcome === SetupRuleOutcome.ConsultationRequired);
    if (consultation) {
      const reason = consultation.reason;
      throw new SetupReviewException(
        SetupReviewErrorCode.ConsultationRequired,
        `${reason.zh}；请先记录水行政主管部门意见 / ${reason.en}`,
        'consultation',
      );
    }
    if (!yes) return;
    const refused = refusals(rules);
    if (refused.length)
      throw new SetupReviewException(
        SetupReviewErrorCode.RuleRefuses,
        `不予设置：${refused.map((r) => r.reason.zh).join('；')} / refused: ${refused.map((r) => r.reason.en).join('; ')}`,
        'decision',
      );
    const review = rules.find((r) => r.outcome === SetupRuleOutcome.NeedsReview);
    if (review && !reviewNote?.trim()) {
      const reason = review.reason;
      throw new SetupReviewException(
        SetupReviewErrorCode.ReviewNoteRequired,
        `${reason.zh}，请填写核查意见 / ${reason.en}: give a review note`,
        'reviewNote',
      );
    }
  }

  /** The directory record of a yes: a new outfall (through the directory's create path) or the existing one. */
  private async applyToDirectory(
    em: EntityManager,
    principal: Principal,
    app: SetupApplication,
    approval: SetupApproval,
    on: string,
  ): Promise<string> {
    let outfallId = app.outfallId;
    if (app.kind === SetupKind.New || !outfallId) {
      const created = await this.outfalls.createIn(
        em,
        principal,
        {
          name: app.outfallName,
          category: app.category,
          subType: app.subType,
          longitude: app.longitude,
          latitude: app.latitude,
          waterBodyId: app.waterBodyId,
          divisionId: app.divisionId,
          discoveredOn: on,
          registeredOn: on,
        } as never,
        { source: 'workflow' },
      );
      outfallId = created.id;
      await this.entities.setLinks(em, principal, outfallId, created.divisionId, [
        { entityId: app.applicantId, isMain: true } as never,
      ]);
    }
    await this.outfalls.recordSetupResult(em, principal, outfallId, {
      setupApproval: approval,
      applicationId: app.id,
    });
    return outfallId;
  }

  /** 审批: approve with conditions or refuse with reasons (eco branch). Registrations are not approved. */
  decide(principal: Principal, id: string, input: SetupDecisionDto): Promise<SetupApplicationView> {
    return this.step(principal, id, async (em, app) => {
      this.expect(app, SetupStatus.Submitted, '作出决定');
      const approve = input.decision === SetupDecision.Approve;
      if (approve && app.route !== SetupRoute.Approval)
        throw this.wrongRoute(app.category, SetupRoute.Approval);
      if (!approve && !input.reasons?.trim())
        throw new SetupReviewException(
          SetupReviewErrorCode.ReasonRequired,
          '不予批准须说明理由 / a refusal needs its reasons',
          'reasons',
        );
      this.checkDay(input.decidedOn, app, 'decidedOn');
      await this.gate(em, app, approve, input.reviewNote);
      const outfallId = approve
        ? await this.applyToDirectory(em, principal, app, SetupApproval.Approved, input.decidedOn)
        : app.outfallId;
      return {
        status: approve ? SetupStatus.Approved : SetupStatus.Refused,
        decision: input.decision,
        conditions: approve ? (input.conditions ?? null) : null,
        refusalReasons: approve ? null : (input.reasons ?? null),
        reviewNote: input.reviewNote ?? null,
        documentNumber: input.documentNumber,
        decidedOn: input.decidedOn,
        decidedById: userId(principal),
        outfallId,
        published: approve,
        publishedAt: approve ? new Date() : null,
      };
    });
  }

  /** 登记备案: a registration is filed (not approved) by the eco branch; the same rules apply. */
  file(principal: Principal, id: string, input: SetupFilingDto): Promise<SetupApplicationView> {
    return this.step(principal, id, async (em, app) => {
      this.expect(app, SetupStatus.Submitted, '备案');
      if (app.route !== SetupRoute.Registration) throw this.wrongRoute(app.category, SetupRoute.Registration);
      this.checkDay(input.filedOn, app, 'filedOn');
      await this.gate(em, app, true, input.reviewNote);
      const outfallId = await this.applyToDirectory(em, principal, app, SetupApproval.Filed, input.filedOn);
      return {
        status: SetupStatus.Filed,
        decision: null,
        reviewNote: input.reviewNote ?? null,
        documentNumber: input.documentNumber,
        decidedOn: input.filedOn,
        decidedById: userId(principal),
        outfallId,
        published: true,
        publishedAt: new Date(),
      };
    });
  }

  async addDocument(
    principal: Principal,
    id: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<SetupDocument> {
    if (!file) throw DomainException.invalid('file', 'attach the file as the multipart field "file"');
    if (!file.size) throw DomainException.invalid('file', 'the file is empty');
    const signature = DOCUMENT_TYPES.find((s) => s.magic.every((byte, i) => file.buffer[i] === byte));
    const name = uploadedFileName(file.originalname).slice(0, 200);
    const extension = name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = signature?.type === 'application/zip' ? OFFICE_TYPES[extension] : signature?.type;
    if (!signature || !contentType)
      throw new DomainException(
        CommonErrorCode.UnsupportedMediaType,
        'documents must be PDF, DOCX, XLSX, JPEG or PNG',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        [{ field: 'file', message: 'unsupported file type' }],
      );
    const docId = randomUUID();
    const storageKey = `setup-review/${id}/${docId}.${signature.type === 'application/zip' ? extension : signature.extension}`;
    const document: SetupDocument = {
      id: docId,
      fileName: name,
      contentType,
      sizeBytes: file.size,
      uploadedAt: new Date().toISOString(),
      storageKey,
    };
    await this.step(principal, id, async (_em, app) => {
      if (app.status !== SetupStatus.Draft && app.status !== SetupStatus.Submitted)
        throw new SetupReviewException(
          SetupReviewErrorCode.NotEditable,
          '已作出决定的申请不能再添加材料 / a decided application takes no more documents',
        );
      await this.storage.put(storageKey, file.buffer);
      return { documents: [...(app.documents ?? []), document] };
    });
    const { storageKey: _k, ...shown } = document;
    return shown as SetupDocument;
  }

  async openDocument(
    principal: Principal,
    id: string,
    documentId: string,
  ): Promise<{ document: SetupDocument; stream: Readable }> {
    const app = await this.get(principal, id);
    const document = (app.documents ?? []).find((d) => d.id === documentId);
    if (!document?.storageKey) throw DomainException.notFound('Document', documentId);
    return { document, stream: await this.storage.open(document.storageKey) };
  }

  /** The published results (approved and filed), publication fields only: the public may read them. */
  async published(query: { limit?: number; offset?: number }): Promise<PublishedSetupPageDto> {
    const limit = Math.min(query.limit ?? 20, 200);
    const offset = query.offset ?? 0;
    const rows = await this.dataSource.query<(PublishedSetupResultDto & { total: number })[]>(
      `SELECT a.code, a.outfall_name AS "outfallName", o.local_code AS "outfallCode", e.name AS "applicantName",
              a.kind, a.route, a.status AS decision, a.document_number AS "documentNumber",
              to_char(a.decided_on, 'YYYY-MM-DD') AS "decidedOn", w.name AS "receivingWater",
              z.name AS "functionZone", count(*) OVER ()::int AS total
         FROM setup_application a
         JOIN responsible_entity e ON e.id = a.applicant_id
         JOIN water_body w ON w.id = a.water_body_id
         LEFT JOIN function_zone z ON z.id = a.function_zone_id
         LEFT JOIN outfall o ON o.id = a.outfall_id
        WHERE a.published AND a.status IN ($1, $2)
        ORDER BY a.decided_on DESC, a.code
        LIMIT $3 OFFSET $4`,
      [SetupStatus.Approved, SetupStatus.Filed, limit, offset],
    );
    const total =
      rows[0]?.total ??
      (
        await this.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM setup_application WHERE published AND status IN ($1, $2)`,
          [SetupStatus.Approved, SetupStatus.Filed],
        )
      )[0].n;
    const items = rows.map((r) => {
      const item = new PublishedSetupResultDto();
      item.code = r.code;
      item.outfallName = r.outfallName;
      item.outfallCode = r.outfallCode;
      item.applicantName = r.applicantName;
      item.kind = r.kind;
      item.route = r.route;
      item.decision = r.decision;
      item.documentNumber = r.documentNumber;
      item.decidedOn = r.decidedOn;
      item.receivingWater = r.receivingWater;
      item.functionZone = r.functionZone;
      return item;
    });
    return { items, total, limit, offset };
  }
}
