import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { AppConfig } from '@outfall/config';
import { DomainException, FieldError, likePattern, PageResult, paginate, Principal } from '@outfall/common';
import { OutfallsService, ResponsibleEntity } from '@outfall/directory';
import { assertVersion, Division, Unit } from '@outfall/org';
import {
  AuditAction,
  Role,
  SOURCE_LIST_KIND_LABELS,
  SourceListKind,
  UNIT_KIND_LABELS,
} from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CandidateQueryDto,
  CreateSourceListItemDto,
  SourceListFilterDto,
  SourceListItemFieldsDto,
  SourceListQueryDto,
  UpdateSourceListItemDto,
} from '../dto/source-lists.dto';
import { SourceListErrorCode, SourceListException, sourceListInvalid } from '../source-lists.exception';
import { SourceListItem } from './source-list-item.entity';
import {
  FieldProblem,
  keepsList,
  normalizeCreditCode,
  SourceListInput,
  sourceListProblems,
} from './source-list.rules';

export const SOURCE_LIST_SORTABLE = {
  name: 'item.name',
  kind: 'item.kind',
  creditCode: 'item.creditCode',
  industryCode: 'item.industryCode',
  headCount: 'item.headCount',
  areaMu: 'item.areaMu',
  createdAt: 'item.createdAt',
  updatedAt: 'item.updatedAt',
};

/** The stored values of a row after its rules passed. */
export interface SourceListValues {
  name: string;
  creditCode: string | null;
  longitude: number;
  latitude: number;
  address: string | null;
  divisionId: string | null;
  industryCode: string | null;
  species: string | null;
  headCount: number | null;
  areaMu: number | null;
}

/** Who may write which list: the owner unit the write is for. */
export interface ListWriter {
  ownerUnitId: string;
  ownerUnitName: string;
}

const isKeeperOfAll = (principal: Principal) =>
  principal.role === Role.SystemAdmin || principal.role === Role.EcologyBranch;

/**
 * The departments' base lists (部门基础清单): every rule of a list item lives here and every path (REST,
 * GraphQL, the XLSX import, the demo seeder) calls it — validation, ownership, credit-code matching (which
 * also fills the matched entity's industry code), the township, audit.
 */
@Injectable()
export class SourceListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly outfalls: OutfallsService,
  ) {}

  // ---------- reads ----------

  /** Items the caller may read: city-wide callers all, a township account the items in its division. */
  filtered(
    principal: Principal,
    filter: SourceListFilterDto,
    em: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<SourceListItem> {
    const qb = em.getRepository(SourceListItem).createQueryBuilder('item');
    const jurisdiction = principal.jurisdiction;
    if (!jurisdiction.cityWide) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM division jd WHERE jd.id = item.division_id AND (jd.path = :jPath OR jd.path LIKE :jPrefix))`,
        { jPath: jurisdiction.divisionPath ?? '-', jPrefix: `${jurisdiction.divisionPath ?? '-'}/%` },
      );
    }
    if (filter.kind) qb.andWhere('item.kind = :kind', { kind: filter.kind });
    if (filter.ownerUnitId) qb.andWhere('item.owner_unit_id = :owner', { owner: filter.ownerUnitId });
    if (filter.divisionId)
      qb.andWhere(
        `EXISTS (SELECT 1 FROM division fd, division sel WHERE sel.id = :div AND fd.id = item.division_id
                   AND (fd.path = sel.path OR fd.path LIKE sel.path || '/%'))`,
        { div: filter.divisionId },
      );
    if (filter.industryCode)
      qb.andWhere('item.industry_code LIKE :industry', {
        industry: `${filter.industryCode
          .trim()
          .toUpperCase()
          .replace(/[%_\\]/g, '')}%`,
      });
    if (filter.matched !== undefined)
      qb.andWhere(filter.matched ? 'item.matched_entity_id IS NOT NULL' : 'item.matched_entity_id IS NULL');
    if (filter.q)
      qb.andWhere('(item.name ILIKE :q OR item.credit_code ILIKE :q OR item.address ILIKE :q)', {
        q: likePattern(filter.q),
      });
    return qb;
  }

  async list(principal: Principal, query: SourceListQueryDto): Promise<PageResult<SourceListItem>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      SOURCE_LIST_SORTABLE,
      'name',
      'item.id',
    );
    return { ...page, items: await this.decorate(page.items) };
  }

  async get(principal: Principal, id: string, em: EntityManager = this.dataSource.manager) {
    const item = await this.filtered(principal, {}, em).andWhere('item.id = :id', { id }).getOne();
    if (!item) throw DomainException.notFound('Source list item', id);
    return (await this.decorate([item], em))[0];
  }

  /** Names of the keeping unit, the township and the matched entity, and the matched flag. */
  async decorate(
    items: SourceListItem[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<SourceListItem[]> {
    if (!items.length) return items;
    const names = async (table: string, ids: (string | null)[]) => {
      const wanted = [...new Set(ids.filter((id): id is string => !!id))];
      if (!wanted.length) return new Map<string, string>();
      const rows = await em.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM ${table} WHERE id = ANY($1::uuid[])`,
        [wanted],
      );
      return new Map(rows.map((r) => [r.id, r.name]));
    };
    const [units, divisions, entities] = await Promise.all([
      names(
        'unit',
        items.map((i) => i.ownerUnitId),
      ),
      names(
        'division',
        items.map((i) => i.divisionId),
      ),
      names(
        'responsible_entity',
        items.map((i) => i.matchedEntityId),
      ),
    ]);
    return items.map((item) =>
      Object.assign(item, {
        ownerUnitName: units.get(item.ownerUnitId) ?? null,
        divisionName: item.divisionId ? (divisions.get(item.divisionId) ?? null) : null,
        matchedEntityName: item.matchedEntityId ? (entities.get(item.matchedEntityId) ?? null) : null,
        matched: !!item.matchedEntityId,
        distanceM: item.distanceM ?? null,
      }),
    );
  }

  /**
   * Candidate sources of an outfall (the caller must be able to read it): list items within `distanceM`
   * (default SOURCE_CANDIDATE_DISTANCE_M) of its point, nearest first, with the geodesic distance. Items in
   * other townships are included: a source near an outfall matters to its tracing wherever it is filed.
   */
  async candidates(principal: Principal, outfallId: string, query: CandidateQueryDto) {
    await this.outfalls.get(principal, outfallId);
    const distanceM = query.distanceM ?? this.config.SOURCE_CANDIDATE_DISTANCE_M;
    const rows = await this.dataSource.query<{ id: string; distance: number }[]>(
      `SELECT i.id, ST_Distance(i.location::geography, o.location::geography) AS distance
         FROM outfall o JOIN source_list_item i
           ON ST_DWithin(i.location::geography, o.location::geography, $2)
        WHERE o.id = $1 AND ($3::varchar IS NULL OR i.kind = $3)
        ORDER BY distance, i.name, i.id
        LIMIT $4`,
      [outfallId, distanceM, query.kind ?? null, query.limit ?? 50],
    );
    const byId = new Map(
      (rows.length
        ? await this.dataSource.getRepository(SourceListItem).findBy(rows.map((r) => ({ id: r.id })))
        : []
      ).map((item) => [item.id, item]),
    );
    const items = rows
      .map((row): SourceListItem | null => {
        const item = byId.get(row.id);
        if (item) item.distanceM = Math.round(Number(row.distance) * 10) / 10;
        return item ?? null;
      })
      .filter((item): item is SourceListItem => !!item);
    return { outfallId, distanceM, items: await this.decorate(items) };
  }

  /** The items as a GeoJSON FeatureCollection of points, for the map. */
  async geojson(principal: Principal, filter: SourceListFilterDto) {
    const items = await this.filtered(principal, filter).orderBy('item.name').limit(5000).getMany();
    return {
      type: 'FeatureCollection' as const,
      features: items.map((item) => ({
        type: 'Feature' as const,
        id: item.id,
        geometry: { type: 'Point' as const, coordinates: [item.longitude, item.latitude] },
        properties: {
          id: item.id,
          kind: item.kind,
          name: item.name,
          creditCode: item.creditCode,
          industryCode: item.industryCode,
          matched: !!item.matchedEntityId,
        },
      })),
    };
  }

  // ---------- who writes ----------

  /**
   * The unit a write is for: a department writes only its own lists, and only the kinds it keeps (职责分工);
   * the eco branch and system administrators write every list, for any unit (default: their own).
   */
  async writer(
    principal: Principal,
    kind: SourceListKind,
    ownerUnitId: string | undefined | null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ListWriter> {
    const units = em.getRepository(Unit);
    if (isKeeperOfAll(principal)) {
      const id = ownerUnitId ?? principal.unitId;
      if (!id) throw DomainException.invalid('ownerUnitId', '请指定清单所属部门 / name the keeping unit');
      const unit = await units.findOneBy({ id });
      if (!unit) throw DomainException.invalid('ownerUnitId', `单位 ${id} 不存在 / no unit ${id}`);
      return { ownerUnitId: unit.id, ownerUnitName: unit.name };
    }
    const own = principal.unitId ? await units.findOneBy({ id: principal.unitId }) : null;
    if (!own)
      throw DomainException.forbidden('您的账号没有所属单位，不能维护部门清单 / your account has no unit');
    if (ownerUnitId && ownerUnitId !== own.id) {
      const other = await units.findOneBy({ id: ownerUnitId });
      throw new SourceListException(
        SourceListErrorCode.NotOwnList,
        `各部门只能维护本部门的清单，不能修改${other?.name ?? '其他部门'}的清单 / a department maintains only its own lists`,
        'ownerUnitId',
      );
    }
    if (!keepsList(own.kind, kind)) {
      throw new SourceListException(
        SourceListErrorCode.KindNotKept,
        `${UNIT_KIND_LABELS[own.kind]?.zh ?? own.name}不负责${SOURCE_LIST_KIND_LABELS[kind].zh}清单：规模以上工业企业清单由住建局、农业农村局、商务和工信局报送，畜禽养殖场和水产养殖场清单由农业农村局报送（实施方案四、职责分工） / your unit does not keep the ${SOURCE_LIST_KIND_LABELS[kind].en} list`,
        'kind',
      );
    }
    return { ownerUnitId: own.id, ownerUnitName: own.name };
  }

  /** An existing item: the owner (or the eco branch) only; another department's item is refused with its name. */
  async assertOwns(principal: Principal, item: SourceListItem, em: EntityManager): Promise<void> {
    if (isKeeperOfAll(principal) || item.ownerUnitId === principal.unitId) {
      if (!isKeeperOfAll(principal)) await this.writer(principal, item.kind, item.ownerUnitId, em);
      return;
    }
    const owner = await em.getRepository(Unit).findOneBy({ id: item.ownerUnitId });
    throw new SourceListException(
      SourceListErrorCode.NotOwnList,
      `各部门只能维护本部门的清单：该条目属于${owner?.name ?? '其他部门'}，不能修改 / this item belongs to ${owner?.name ?? 'another unit'}'s list`,
    );
  }

  // ---------- validation ----------

  /**
   * Checks a row (all problems at once, in Chinese) and resolves its township: given by id, by name or code
   * (imports), or from the boundary that contains the point.
   */
  async check(
    em: EntityManager,
    kind: SourceListKind,
    input: SourceListInput & { divisionId?: string | null; township?: string | null },
    extra: FieldProblem[] = [],
  ): Promise<{ problems: FieldProblem[]; values: SourceListValues | null }> {
    const problems = [...extra, ...sourceListProblems(kind, input, this.config.cityBbox)];
    let divisionId: string | null = null;
    if (input.divisionId) {
      const division = await em.getRepository(Division).findOneBy({ id: input.divisionId });
      if (!division) problems.push({ field: 'township', message: `乡镇（街道）${input.divisionId} 不存在` });
      else divisionId = division.id;
    } else if (input.township?.trim()) {
      const text = input.township.trim();
      const [division] = await em.query<{ id: string }[]>(
        `SELECT id FROM division WHERE name = $1 OR code = $1 ORDER BY length(path) DESC LIMIT 1`,
        [text],
      );
      if (!division) problems.push({ field: 'township', message: `乡镇（街道）“${text}”不存在` });
      else divisionId = division.id;
    }
    if (problems.length) return { problems, values: null };
    if (!divisionId) {
      const [within] = await em.query<{ id: string }[]>(
        `SELECT id FROM division WHERE boundary IS NOT NULL
            AND ST_Contains(boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326))
          ORDER BY length(path) DESC LIMIT 1`,
        [input.longitude, input.latitude],
      );
      divisionId = within?.id ?? null;
    }
    const text = (value: string | null | undefined) => value?.trim() || null;
    const farm = kind !== SourceListKind.IndustrialEnterprise;
    return {
      problems,
      values: {
        name: (input.name ?? '').trim(),
        creditCode: normalizeCreditCode(input.creditCode),
        longitude: input.longitude as number,
        latitude: input.latitude as number,
        address: text(input.address),
        divisionId,
        industryCode: farm ? null : (text(input.industryCode)?.toUpperCase() ?? null),
        species: farm ? text(input.species) : null,
        headCount: kind === SourceListKind.LivestockFarm ? (input.headCount ?? null) : null,
        areaMu: kind === SourceListKind.AquacultureFarm ? (input.areaMu ?? null) : null,
      },
    };
  }

  private static fieldErrors(problems: FieldProblem[]): FieldError[] {
    return problems.map((p) => ({
      field: p.field === 'township' ? 'divisionId' : p.field,
      message: p.message,
    }));
  }

  // ---------- writes ----------

  async create(principal: Principal, dto: CreateSourceListItemDto): Promise<SourceListItem> {
    const id = await this.dataSource.transaction(async (em) => {
      const writer = await this.writer(principal, dto.kind, dto.ownerUnitId, em);
      const { problems, values } = await this.check(em, dto.kind, dto);
      if (!values) throw sourceListInvalid(SourceListsService.fieldErrors(problems));
      return (await this.save(em, dto.kind, writer.ownerUnitId, values, null)).item.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateSourceListItemDto): Promise<SourceListItem> {
    await this.dataSource.transaction(async (em) => {
      const item = await this.lockVisible(principal, id, em);
      await this.assertOwns(principal, item, em);
      assertVersion('Source list item', item.version, dto.version);
      const merged = this.merge(item, dto);
      const moved = merged.longitude !== item.longitude || merged.latitude !== item.latitude;
      const { problems, values } = await this.check(em, item.kind, {
        ...merged,
        divisionId: dto.divisionId !== undefined ? dto.divisionId : moved ? null : item.divisionId,
      });
      if (!values) throw sourceListInvalid(SourceListsService.fieldErrors(problems));
      await this.save(em, item.kind, item.ownerUnitId, values, item);
    });
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const item = await this.lockVisible(principal, id, em);
      await this.assertOwns(principal, item, em);
      await this.deleteItems(em, [item]);
    });
  }

  /** Deletes items; tracing sources that picked them keep their description and entity, not the link. */
  async deleteItems(em: EntityManager, items: SourceListItem[]): Promise<void> {
    if (!items.length) return;
    const ids = items.map((i) => i.id);
    await em.query(
      `UPDATE tracing_source SET candidate_source_id = NULL WHERE candidate_source_id = ANY($1::uuid[])`,
      [ids],
    );
    await em.getRepository(SourceListItem).delete(ids);
    await this.audit.recordMany(
      em,
      items.map((item) => ({
        action: AuditAction.Delete,
        entityType: 'source_list_item',
        entityId: item.id,
        before: item,
      })),
    );
  }

  private async lockVisible(principal: Principal, id: string, em: EntityManager): Promise<SourceListItem> {
    await this.get(principal, id, em);
    const item = await em
      .getRepository(SourceListItem)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!item) throw DomainException.notFound('Source list item', id);
    return item;
  }

  private merge(item: SourceListItem, dto: SourceListItemFieldsDto): SourceListInput {
    const pick = <K extends keyof SourceListInput>(key: K): SourceListInput[K] =>
      (dto as SourceListInput)[key] !== undefined
        ? (dto as SourceListInput)[key]
        : (item as unknown as SourceListInput)[key];
    return {
      name: pick('name'),
      creditCode: pick('creditCode'),
      longitude: pick('longitude'),
      latitude: pick('latitude'),
      address: pick('address'),
      industryCode: pick('industryCode'),
      species: pick('species'),
      headCount: pick('headCount'),
      areaMu: pick('areaMu'),
    };
  }

  /**
   * Writes a checked row (new or onto `existing`), matches it to a responsible entity by credit code, fills
   * that entity's industry code from an enterprise row, and audits both.
   */
  async save(
    em: EntityManager,
    kind: SourceListKind,
    ownerUnitId: string,
    values: SourceListValues,
    existing: SourceListItem | null,
    demo = false,
  ): Promise<{ item: SourceListItem; created: boolean }> {
    const repo = em.getRepository(SourceListItem);
    if (values.creditCode) {
      const clash = await repo.findOneBy({ ownerUnitId, kind, creditCode: values.creditCode });
      if (clash && clash.id !== existing?.id)
        throw new SourceListException(
          SourceListErrorCode.Duplicate,
          `本部门的${SOURCE_LIST_KIND_LABELS[kind].zh}清单中已有统一社会信用代码为 ${values.creditCode} 的条目（${clash.name}） / the list already has this credit code`,
          'creditCode',
        );
    }
    const matchedEntityId = await this.matchEntity(em, kind, values);
    const before = existing ? { ...existing } : null;
    const saved = await repo.save(
      repo.create({
        ...(existing ?? { kind, ownerUnitId, demo }),
        ...values,
        location: { type: 'Point', coordinates: [values.longitude, values.latitude] },
        matchedEntityId,
      }),
    );
    const after = await repo.findOneByOrFail({ id: saved.id });
    await this.audit.record(em, {
      action: existing ? AuditAction.Update : AuditAction.Create,
      entityType: 'source_list_item',
      entityId: saved.id,
      before,
      after,
    });
    return { item: after, created: !existing };
  }

  /**
   * The responsible entity with the row's credit code (unique city-wide), or null. An enterprise row's GB/T
   * 4754 code is written onto the matched entity's `industryCode` when it differs (audited).
   */
  private async matchEntity(
    em: EntityManager,
    kind: SourceListKind,
    values: Pick<SourceListValues, 'creditCode' | 'industryCode'>,
  ): Promise<string | null> {
    if (!values.creditCode) return null;
    const repo = em.getRepository(ResponsibleEntity);
    const entity = await repo.findOneBy({ creditCode: values.creditCode });
    if (!entity) return null;
    if (
      kind === SourceListKind.IndustrialEnterprise &&
      values.industryCode &&
      entity.industryCode !== values.industryCode
    ) {
      const before = { ...entity };
      const after = await repo.save({ ...entity, industryCode: values.industryCode });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'responsible_entity',
        entityId: entity.id,
        before,
        after,
      });
    }
    return entity.id;
  }

  /**
   * Matches the items the caller may write again (entities registered after the list was imported); returns
   * how many are matched now and how many entities got their industry code.
   */
  async rematch(principal: Principal) {
    return this.dataSource.transaction(async (em) => {
      const qb = em
        .getRepository(SourceListItem)
        .createQueryBuilder('item')
        .where('item.credit_code IS NOT NULL');
      if (!isKeeperOfAll(principal))
        qb.andWhere('item.owner_unit_id = :unit', { unit: principal.unitId ?? '' });
      const items = await qb.getMany();
      let matched = 0;
      let entitiesUpdated = 0;
      for (const item of items) {
        const entity = await em
          .getRepository(ResponsibleEntity)
          .findOneBy({ creditCode: item.creditCode ?? '' });
        const entityCodeBefore = entity?.industryCode ?? null;
        const matchedEntityId = await this.matchEntity(em, item.kind, item);
        if (
          entity &&
          item.kind === SourceListKind.IndustrialEnterprise &&
          item.industryCode &&
          entityCodeBefore !== item.industryCode
        )
          entitiesUpdated++;
        if (matchedEntityId) matched++;
        if (matchedEntityId !== item.matchedEntityId) {
          const before = { ...item };
          const after = await em.getRepository(SourceListItem).save({ ...item, matchedEntityId });
          await this.audit.record(em, {
            action: AuditAction.Update,
            entityType: 'source_list_item',
            entityId: item.id,
            before,
            after,
          });
        }
      }
      return { items: items.length, matched, entitiesUpdated };
    });
  }
}
