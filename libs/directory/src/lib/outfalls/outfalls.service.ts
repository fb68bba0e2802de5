import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntry, AuditService } from '@outfall/audit';
import {
  beijingToday,
  columnJsonSql,
  DomainException,
  DEFAULT_PAGE_SIZE,
  GeoJsonFeatureCollectionDto,
  inJurisdiction,
  JsonText,
  jsonText,
  likePattern,
  PageResult,
  paginate,
  Principal,
  normalizeCode,
  countThrough,
  sortOrder,
  withTotal,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { selectBytes } from '@outfall/database';
import { assertVersion, Division } from '@outfall/org';
import {
  AuditAction,
  CATEGORY_CODES,
  DivisionLevel,
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  MilestoneType,
  OutfallCategory,
  OutfallSubType,
  OUTFALL_CATEGORY_LABELS,
  SETUP_APPROVAL_LABELS,
  SETUP_APPROVALS_BY_ROUTE,
  SETUP_ROUTE_LABELS,
  SetupApproval,
  setupRouteOf,
  SUB_TYPES_BY_CATEGORY,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { DirectoryErrorCode, DirectoryException } from '../directory.exception';
import { gateRefusal, sectorMessage } from './outfall-gate';
import { assertHandSettable } from './milestone-rules';
import {
  CreateOutfallDto,
  MergeOutfallDto,
  MilestoneDto,
  OutfallFilterDto,
  OutfallQueryDto,
  UpdateOutfallDto,
} from '../dto/outfall.dto';
import { EntityLinkDto } from '../dto/entity.dto';
import { OutfallEntityLink } from '../entities/outfall-entity-link.entity';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { OUTFALL_INTERNAL_COLUMNS, type OutfallDetailDto, type OutfallView } from './outfall.dto';
import { WaterBody } from '../waters/water-body.entity';
import { OutfallCountCache } from './outfall-count-cache';
import { OutfallDerivationService } from './outfall-derivation.service';
import { OutfallEvent } from './outfall-event.entity';
import { Outfall, OutfallStatus } from './outfall.entity';

export const OUTFALL_SORTABLE = {
  localCode: 'outfall.localCode',
  name: 'outfall.name',
  discoveredOn: 'outfall.discoveredOn',
  createdAt: 'outfall.createdAt',
  keyDistanceM: 'outfall.keyDistanceM',
  category: 'outfall.category',
};

/** A SQL condition on alias `outfall` with its named parameters (`:name`). */
type Condition = [sql: string, parameters?: Record<string, unknown>];

/** Every selected column of an entity (alias `alias`) as `value AS "property"`, in the entity's column order. */
function jsonMembers(metadata: EntityMetadata, alias: string): string {
  return metadata.columns
    .filter((column) => column.isSelect)
    .map((column) => `${columnJsonSql(column, alias)} AS "${column.propertyName}"`)
    .join(', ');
}

/** The page's opening, before its items (`listPage` on PostgreSQL). */
const ITEMS_HEAD = Buffer.from('{"items":', 'latin1');
/** The items of an empty page (never sent: the statement always gives its array). */
const EMPTY_ITEMS = Buffer.from('[]', 'latin1');

/** Conditions with named parameters as SQL with `$n` ones (a name used twice is one parameter). */
function positional(conditions: Condition[]): [string[], unknown[]] {
  const parameters: unknown[] = [];
  const index = new Map<string, number>();
  const where = conditions.map(([sql, named = {}]) =>
    sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_, name: string) => {
      if (!Object.hasOwn(named, name)) throw new Error(`positional: no parameter ${name}`);
      let at = index.get(name);
      if (at === undefined) {
        parameters.push(named[name]);
        at = parameters.length;
        index.set(name, at);
      }
      return `$${at}`;
    }),
  );
  return [where, parameters];
}

/**
 * Later modules (samples, plans…) register here what they attach to an outfall, so a merge moves it. A hook
 * audits each record it moves and may return a summary (e.g. `{ samples: [ids] }`) that goes into the audit
 * rows of both outfalls.
 */
export type MergeHook = (
  em: EntityManager,
  fromId: string,
  intoId: string,
) => Promise<void | Record<string, unknown>>;

@Injectable()
export class OutfallsService {
  private readonly mergeHooks: MergeHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly derivation: OutfallDerivationService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly counts: OutfallCountCache,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** Tells webhook subscribers about an outfall change, in the change's transaction (the outbox). */
  private publishOutfall(em: EntityManager, type: WebhookEventType, outfall: Outfall, extra: object = {}) {
    return this.webhooks.publish(
      type,
      outfall.id,
      {
        id: outfall.id,
        localCode: outfall.localCode,
        nationalCode: outfall.nationalCode,
        name: outfall.name,
        category: outfall.category,
        status: outfall.status,
        divisionId: outfall.divisionId,
        version: outfall.version,
        ...extra,
      },
      em,
      { divisionId: outfall.divisionId },
    );
  }

  registerMergeHook(hook: MergeHook): void {
    this.mergeHooks.push(hook);
  }

  /**
   * Outfalls inside the caller's jurisdiction. The scope is a semi-join on `division_id` (no join to
   * `division`); `join` (the default) adds the `division` alias for callers that read its columns.
   */
  visible(
    principal: Principal,
    em: EntityManager = this.dataSource.manager,
    join = true,
  ): SelectQueryBuilder<Outfall> {
    const qb = em.getRepository(Outfall).createQueryBuilder('outfall');
    if (join) qb.innerJoin('outfall.division', 'division');
    const scope = this.scopeCondition(principal);
    if (scope) qb.andWhere(...scope);
    return qb;
  }

  /** The jurisdiction's condition on alias `outfall` (none city-wide), with named parameters. */
  private scopeCondition(principal: Principal): Condition | null {
    const { jurisdiction } = principal;
    if (jurisdiction.cityWide) return null;
    return [
      'outfall.division_id IN (SELECT jd.id FROM division jd WHERE jd.path = :jpath OR jd.path LIKE :jprefix)',
      {
        jpath: jurisdiction.divisionPath ?? '-',
        jprefix: `${jurisdiction.divisionPath ?? '-'}/%`,
      },
    ];
  }

  /** The list's filters on `visible` (`join`: see there). */
  filtered(principal: Principal, filter: OutfallFilterDto, join = true): SelectQueryBuilder<Outfall> {
    const qb = this.visible(principal, undefined, join);
    for (const condition of this.filterConditions(filter)) qb.andWhere(...condition);
    return qb;
  }

  /**
   * The list's filters as SQL conditions on alias `outfall` (column names, named parameters), shared by
   * `filtered` (TypeORM) and the REST page's hand-written statement (`listPage`).
   */
  private filterConditions(filter: OutfallFilterDto): Condition[] {
    const where: Condition[] = [];
    if (filter.waterBodyId)
      where.push(['outfall.water_body_id = :waterBodyId', { waterBodyId: filter.waterBodyId }]);
    if (filter.keyRiver !== undefined) {
      where.push([
        `outfall.water_body_id ${filter.keyRiver ? 'IN' : 'NOT IN'} (SELECT id FROM water_body WHERE is_key)`,
      ]);
    }
    if (filter.category) where.push(['outfall.category = :category', { category: filter.category }]);
    if (filter.subType) where.push(['outfall.sub_type = :subType', { subType: filter.subType }]);
    if (filter.divisionId) {
      where.push([
        `outfall.division_id IN (SELECT fd.id FROM division fd WHERE fd.id = :divisionId OR fd.path LIKE (SELECT path || '/%' FROM division WHERE id = :divisionId))`,
        { divisionId: filter.divisionId },
      ]);
    }
    if (filter.area) where.push(['outfall.area = :area', { area: filter.area }]);
    if (filter.status) where.push(['outfall.status = :status', { status: filter.status }]);
    if (filter.entityId) {
      where.push([
        'EXISTS (SELECT 1 FROM outfall_entity link WHERE link.outfall_id = outfall.id AND link.entity_id = :entityId)',
        { entityId: filter.entityId },
      ]);
    }
    if (filter.banCandidate !== undefined)
      where.push(['outfall.ban_candidate = :ban', { ban: filter.banCandidate }]);
    if (filter.duplicate !== undefined)
      where.push([`outfall.duplicate_count ${filter.duplicate ? '>' : '='} 0`]);
    if (filter.divisionConflict !== undefined)
      where.push([`outfall.boundary_division_id IS ${filter.divisionConflict ? 'NOT ' : ''}NULL`]);
    if (filter.q) {
      where.push([
        '(outfall.name ILIKE :q OR outfall.local_code ILIKE :q OR outfall.national_code ILIKE :q)',
        { q: likePattern(filter.q) },
      ]);
    }
    if (filter.bbox) {
      const [minLon, minLat, maxLon, maxLat] = filter.bbox.split(',').map(Number);
      if (minLon >= maxLon || minLat >= maxLat)
        throw DomainException.invalid('bbox', 'bbox minimums must be below maximums');
      where.push([
        'outfall.location && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)',
        { minLon, minLat, maxLon, maxLat },
      ]);
    }
    return where;
  }

  /**
   * A page of the directory. The total counts the filtered `outfall` rows alone (`COUNT(*)`, no join, no
   * DISTINCT); a slow count is reused per filter for a few seconds (`totalIsEstimate`, docs/performance.md).
   */
  list(principal: Principal, query: OutfallQueryDto): Promise<PageResult<Outfall>> {
    const rows = this.filtered(principal, query, false);
    const page = rows
      .clone()
      .innerJoin('outfall.division', 'division')
      .addSelect(['division.id', 'division.name', 'division.code']);
    return paginate(page, query, OUTFALL_SORTABLE, 'localCode', 'outfall.id', {
      countQuery: rows,
      countCache: this.counts,
    });
  }

  /**
   * The REST page of the directory as JSON text, `{ items, total, limit, offset[, totalIsEstimate] }` with
   * `list`'s filters, sort, page and total rules (`paginate`: the count beside the page, a short page tells the
   * total, slow counts cached per filter). Hand-written SQL, and PostgreSQL builds the items' JSON in the view's
   * shape (`toOutfallView`: the columns the entity selects under their property names, calendar days as text,
   * instants as ISO text in UTC with milliseconds, the division as `{ id, name, code }`): no query builder, no
   * row parsing, no serialization in Node (docs/performance.md, "Reads at the floor").
   */
  async listPage(principal: Principal, query: OutfallQueryDto): Promise<JsonText<PageResult<OutfallView>>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const order = this.pageOrder(query.sort ?? 'localCode');
    const scope = this.scopeCondition(principal);
    const [where, parameters] = positional([...(scope ? [scope] : []), ...this.filterConditions(query)]);
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const countSql = `SELECT COUNT(*) AS n FROM outfall outfall${whereSql}`;
    const count = () =>
      countThrough(this.counts, countSql, parameters, async () => {
        const [row] = await this.dataSource.query<{ n: string }[]>(countSql, parameters);
        return Number(row?.n ?? 0);
      });
    const { select, item } = this.pageColumns();
    const inner = order.map(([column, direction]) => `outfall.${column} ${direction}`).join(', ');
    const outer = order.map(([column, direction]) => `p.${column} ${direction}`).join(', ');
    // row_to_json writes compact JSON (json_build_object and json_agg put spaces between members)
    const pageSql = `SELECT count(*)::int AS n, '[' || COALESCE(string_agg(row_to_json(v)::text, ',' ORDER BY ${outer}), '') || ']' AS items
      FROM (SELECT ${select} FROM outfall outfall INNER JOIN division division ON division.id = outfall.division_id${whereSql}
             ORDER BY ${inner} LIMIT ${limit} OFFSET ${offset}) p
      CROSS JOIN LATERAL (SELECT ${item}) v`;
    // the page and the count go out together, each on a pooled connection (as `paginate` outside a
    // transaction); on PostgreSQL the items come as bytes and the page is sent as bytes (`selectBytes`),
    // embedded as text
    const { page, total, estimate } = await withTotal(
      async () => {
        const bytes = await selectBytes(this.dataSource, pageSql, parameters);
        if (!bytes)
          return (await this.dataSource.query<{ n: number; items: string }[]>(pageSql, parameters))[0];
        const [[n, items]] = bytes;
        return { n: n?.readInt32BE(0) ?? 0, items: items ?? EMPTY_ITEMS };
      },
      (read) => read.n,
      count,
      { limit, offset, together: true },
    );
    const tail = `,"total":${total},"limit":${limit},"offset":${offset}${estimate ? ',"totalIsEstimate":true' : ''}}`;
    return jsonText(
      typeof page.items === 'string'
        ? `{"items":${page.items}${tail}`
        : Buffer.concat([ITEMS_HEAD, page.items, Buffer.from(tail, 'latin1')]),
    );
  }

  /**
   * `sort` as `[column, direction]` of the page's columns: `paginate`'s order (`sortOrder`, over a query builder
   * with the page statement's aliases and join, never run) with the properties as column names.
   */
  private pageOrder(sort: string): [string, string][] {
    const metadata = this.dataSource.getMetadata(Outfall);
    this.pageShape ??= this.dataSource
      .createQueryBuilder(Outfall, 'outfall')
      .innerJoin('outfall.division', 'division');
    return sortOrder(this.pageShape, sort, OUTFALL_SORTABLE, 'outfall.id').map(({ column, order, nulls }) => {
      const property = /^outfall\.(\w+)$/.exec(column)?.[1];
      const stored = property ? metadata.findColumnWithPropertyPath(property) : undefined;
      if (!stored) throw new Error(`pageOrder: ${column} is not a column of outfall`);
      return [stored.databaseName, nulls ? `${order} ${nulls}` : order];
    });
  }
  private pageShape?: SelectQueryBuilder<Outfall>;

  /**
   * The page's inner select list (aliases `outfall`, `division`), and the item's columns under the view's
   * property names in the entity's column order, computed from that row (alias `p`).
   */
  private pageColumns(): { select: string; item: string } {
    if (!this.pageSql) {
      const columns = this.dataSource
        .getMetadata(Outfall)
        .columns.filter((column) => column.isSelect && !OUTFALL_INTERNAL_COLUMNS.has(column.propertyName));
      this.pageSql = {
        select: [
          ...columns.map((column) => `outfall.${column.databaseName}`),
          'division.id AS division__id, division.name AS division__name, division.code AS division__code',
        ].join(', '),
        item: [
          ...columns.map((column) => `${columnJsonSql(column, 'p')} AS "${column.propertyName}"`),
          `(SELECT row_to_json(d) FROM (SELECT p.division__id AS id, p.division__name AS name, p.division__code AS code) d) AS division`,
        ].join(', '),
      };
    }
    return this.pageSql;
  }
  private pageSql?: { select: string; item: string };

  /**
   * The same query as a GeoJSON FeatureCollection of points, for maps (at most `limit`, default 5000), as
   * JSON text built by PostgreSQL in one statement (no entity hydration, no serialization in Node). The bbox
   * is `location && envelope`, which the GiST index `outfall_location_gix` serves (docs/performance.md).
   * For the map's colouring each point also carries its `stage` (furthest milestone in effect today),
   * `overdue` (its remediation plan is past its deadline and not completed, as the plan list's `overdue`)
   * and `exceeding` (its latest sample exceeds a limit); each is one index probe per point. On PostgreSQL the
   * collection comes as bytes and is sent as bytes (`selectBytes`, as the list page); embedded, as text.
   */
  async geojson(
    principal: Principal,
    filter: OutfallFilterDto,
    limit = 5000,
  ): Promise<JsonText<GeoJsonFeatureCollectionDto>> {
    const [sql, parameters] = this.geojsonQuery(principal, filter, limit);
    const bytes = await selectBytes(this.dataSource, sql, parameters);
    if (bytes?.[0]?.[0]) return jsonText(bytes[0][0]);
    const [row] = await this.dataSource.query<{ body: string }[]>(sql, parameters);
    return jsonText(row.body);
  }

  /** The statement of `geojson` and its parameters (for EXPLAIN in the tests). */
  geojsonQuery(principal: Principal, filter: OutfallFilterDto, limit = 5000): [string, unknown[]] {
    const [sql, parameters] = this.filtered(principal, filter, false)
      .select([
        'outfall.id AS id',
        'outfall.local_code AS local_code',
        'outfall.name AS name',
        'outfall.category AS category',
        'outfall.area AS area',
        'outfall.ban_candidate AS ban_candidate',
        'outfall.duplicate_count AS duplicate_count',
        'outfall.longitude AS longitude',
        'outfall.latitude AS latitude',
      ])
      .orderBy('outfall.local_code')
      .limit(limit)
      .getQueryAndParameters();
    const today = parameters.length + 1;
    return [
      `SELECT json_build_object(
                'type', 'FeatureCollection',
                'features', COALESCE(json_agg(json_build_object(
                  'type', 'Feature',
                  'id', f.id,
                  'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(f.longitude, f.latitude)),
                  'properties', json_build_object(
                    'id', f.id, 'localCode', f.local_code, 'name', f.name, 'category', f.category, 'area', f.area,
                    'banCandidate', f.ban_candidate, 'duplicateCount', f.duplicate_count,
                    'stage', (SELECT e.type FROM outfall_event e
                               WHERE e.outfall_id = f.id AND e.effective_on <= $${today}::date
                               ORDER BY array_position(ARRAY['registered','investigated','monitored','traced',
                                        'remediation_decided','remediation_completed','verified']::varchar[],
                                        e.type::varchar) DESC
                               LIMIT 1),
                    'overdue', EXISTS (SELECT 1 FROM remediation_plan p
                                        WHERE p.outfall_id = f.id AND p.deadline < $${today}::date
                                          AND p.status NOT IN ('completed', 'verified')),
                    'exceeding', COALESCE((SELECT s.exceeding FROM sample s WHERE s.outfall_id = f.id
                                            ORDER BY s.sampled_at DESC LIMIT 1), false))
                ) ORDER BY f.local_code), '[]'::json)
              )::text AS body
         FROM (${sql}) f`,
      [...parameters, beijingToday()],
    ];
  }

  async get(principal: Principal, id: string, em?: EntityManager, lock = false): Promise<Outfall> {
    const qb = this.visible(principal, em)
      .addSelect(['division.id', 'division.name', 'division.code', 'division.path'])
      .andWhere('outfall.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['outfall']);
    const outfall = await qb.getOne();
    if (!outfall) throw DomainException.notFound('Outfall', id);
    return outfall;
  }

  /**
   * The REST card as JSON text built by PostgreSQL in one statement: the record in the view's
   * shape (as `listPage`), its milestones (by date), entities with their entity (main first, then by name) and
   * suspected duplicates (nearest first); each entity's members as TypeORM reads them (docs/performance.md).
   */
  async card(principal: Principal, id: string): Promise<JsonText<OutfallDetailDto>> {
    const scope = this.scopeCondition(principal);
    const [where, parameters] = positional([['outfall.id = :id', { id }], ...(scope ? [scope] : [])]);
    this.cardSql ??= this.cardStatement();
    const sql = this.cardSql.replace('$WHERE', () => where.join(' AND '));
    // on PostgreSQL the card comes as bytes and is sent as bytes (`selectBytes`); embedded, as text
    const bytes = await selectBytes(this.dataSource, sql, parameters);
    const [row] = bytes
      ? bytes.map(([body]) => ({ body: body ?? Buffer.from('null') }))
      : await this.dataSource.query<{ body: string }[]>(sql, parameters);
    if (!row) throw DomainException.notFound('Outfall', id);
    return jsonText(row.body);
  }
  private cardSql?: string;

  /** `card`'s statement, its condition left as `$WHERE`. */
  private cardStatement(): string {
    const { select, item } = this.pageColumns();
    const table = (target: new () => object) => this.dataSource.getMetadata(target).tableName;
    /** A JSON array of `member`'s rows (alias `m`), ordered by the `o1`… columns of `from`. */
    const array = (from: string, order: string) =>
      `('[' || COALESCE((SELECT string_agg(q.j, ',' ORDER BY ${order}) FROM (${from}) q), '') || ']')::json`;
    const events = array(
      `SELECT row_to_json(m)::text AS j, e.effective_on AS o1
         FROM ${table(OutfallEvent)} e
        CROSS JOIN LATERAL (SELECT ${jsonMembers(this.dataSource.getMetadata(OutfallEvent), 'e')}) m
        WHERE e.outfall_id = p.id`,
      'q.o1',
    );
    const entities = array(
      `SELECT row_to_json(m)::text AS j, l.is_main AS o1, r.name AS o2
         FROM ${table(OutfallEntityLink)} l JOIN ${table(ResponsibleEntity)} r ON r.id = l.entity_id
        CROSS JOIN LATERAL (SELECT ${jsonMembers(this.dataSource.getMetadata(OutfallEntityLink), 'l')},
          (SELECT row_to_json(rm) FROM (SELECT ${jsonMembers(this.dataSource.getMetadata(ResponsibleEntity), 'r')}) rm) AS entity) m
        WHERE l.outfall_id = p.id`,
      'q.o1 DESC, q.o2 ASC',
    );
    const duplicates = array(
      `SELECT row_to_json(m)::text AS j, d.distance_m AS o1
         FROM outfall_duplicate d JOIN outfall o ON o.id = d.other_id
        CROSS JOIN LATERAL (SELECT d.other_id AS id, o.local_code AS "localCode", o.name, d.reason,
                                   d.distance_m AS "distanceM") m
        WHERE d.outfall_id = p.id`,
      'q.o1',
    );
    return `SELECT row_to_json(v)::text AS body
      FROM (SELECT ${select} FROM outfall outfall INNER JOIN division division ON division.id = outfall.division_id
             WHERE $WHERE) p
      CROSS JOIN LATERAL (SELECT ${item}, ${events} AS events, ${entities} AS entities, ${duplicates} AS duplicates) v`;
  }

  async setEntities(principal: Principal, id: string, links: EntityLinkDto[]): Promise<OutfallEntityLink[]> {
    await this.dataSource.transaction(async (em) => {
      const outfall = await this.assertWritable(principal, id, em, { requireActive: false });
      await this.entities.setLinks(em, principal, id, outfall.divisionId, links);
    });
    return this.entities.linksOf([id]);
  }

  /**
   * The write gate for an existing outfall and everything that hangs off it (see `outfall-gate.ts`): every
   * write, from every lib and path, loads the outfall through here. Outside the caller's jurisdiction → 404
   * (as for reads); outside a sector department's categories → 403 `OUTFALL_CATEGORY_NOT_IN_SECTOR`; merged
   * (unless `requireActive: false`) → 409 `OUTFALL_NOT_ACTIVE`. The row is locked for the transaction.
   */
  async assertWritable(
    principal: Principal,
    id: string,
    em: EntityManager,
    options: { requireActive?: boolean } = {},
  ): Promise<Outfall> {
    // every write to an existing outfall passes here: the list totals kept for its filters are dropped
    this.counts.invalidate();
    const outfall = await this.get(principal, id, em, true);
    const refusal = gateRefusal(principal, {
      category: outfall.category,
      divisionPath: outfall.division?.path,
    });
    if (refusal === 'jurisdiction') throw DomainException.notFound('Outfall', id);
    if (refusal === 'sector') {
      throw new DirectoryException(
        DirectoryErrorCode.CategoryNotInSector,
        sectorMessage(principal, outfall.category),
        'category',
      );
    }
    if (options.requireActive !== false && outfall.status !== OutfallStatus.Active) {
      throw new DirectoryException(DirectoryErrorCode.NotActive, 'a merged outfall cannot be changed');
    }
    return outfall;
  }

  private assertPair(category: OutfallCategory, subType: OutfallSubType): void {
    if (!SUB_TYPES_BY_CATEGORY[category].includes(subType)) {
      throw new DirectoryException(
        DirectoryErrorCode.SubTypeMismatch,
        `subType ${subType} does not belong to category ${category} (allowed: ${SUB_TYPES_BY_CATEGORY[category].join(', ')})`,
        'subType',
      );
    }
  }

  /**
   * `setupApproval` must agree with the category's route (《入河排污口监督管理办法》): approval-route categories
   * (industrial, urban WWTP) are approved / pending / unapproved; the others are filed (登记备案), pending or
   * not required — an agricultural outfall is never "approved". 409 on `setupApproval`.
   */
  assertSetupApproval(category: OutfallCategory, value: SetupApproval | null | undefined): void {
    if (!value) return;
    const route = setupRouteOf(category);
    const allowed = SETUP_APPROVALS_BY_ROUTE[route];
    if (allowed.includes(value)) return;
    const zh = `${OUTFALL_CATEGORY_LABELS[category].zh}的设置实行${SETUP_ROUTE_LABELS[route].zh}，设置审批状态不能为“${SETUP_APPROVAL_LABELS[value].zh}”（可选：${allowed.map((v) => SETUP_APPROVAL_LABELS[v].zh).join('、')}）`;
    const en = `a ${category} outfall follows the ${route} route: setupApproval cannot be ${value} (allowed: ${allowed.join(', ')})`;
    throw new DirectoryException(
      DirectoryErrorCode.SetupApprovalInconsistent,
      `${zh} / ${en}`,
      'setupApproval',
    );
  }

  /**
   * Records the result of a setup application on an outfall (the setup-review domain calls this inside its
   * decision's transaction): the gate, the category check, the derived `setupApproval` and the link, audited.
   */
  async recordSetupResult(
    em: EntityManager,
    principal: Principal,
    id: string,
    result: { setupApproval: SetupApproval; applicationId: string },
  ): Promise<Outfall> {
    const current = await this.assertWritable(principal, id, em, { requireActive: false });
    this.assertSetupApproval(current.category, result.setupApproval);
    const before = await em.getRepository(Outfall).findOneByOrFail({ id });
    await em.getRepository(Outfall).update(id, {
      setupApproval: result.setupApproval,
      setupApplicationId: result.applicationId,
      version: before.version + 1,
    });
    const after = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: id,
      before: { setupApproval: before.setupApproval, setupApplicationId: before.setupApplicationId },
      after: { setupApproval: after.setupApproval, setupApplicationId: after.setupApplicationId },
    });
    return after;
  }

  private assertInCity(longitude: number, latitude: number): void {
    const box = this.config.cityBbox;
    if (longitude < box.minLon || longitude > box.maxLon || latitude < box.minLat || latitude > box.maxLat) {
      throw new DirectoryException(
        DirectoryErrorCode.OutsideCity,
        `the location ${longitude}, ${latitude} is outside the city (${this.config.CITY_BBOX})`,
        'longitude',
      );
    }
  }

  /**
   * The same gate for the state a write would create (a new outfall, a move, a category change): outside
   * the caller's jurisdiction or sector → 403 with a code (there is no existing record to hide).
   */
  assertCanWrite(
    principal: Principal,
    category: OutfallCategory,
    divisionPath: string,
    field = 'divisionId',
  ): void {
    const refusal = gateRefusal(principal, { category, divisionPath });
    if (refusal === 'sector') {
      throw new DirectoryException(
        DirectoryErrorCode.CategoryNotInSector,
        sectorMessage(principal, category),
        'category',
      );
    }
    if (refusal === 'jurisdiction') {
      throw new DirectoryException(
        DirectoryErrorCode.OutsideJurisdiction,
        '排污口所在乡镇（街道）不在您的辖区内 / the outfall would lie outside your jurisdiction',
        field,
      );
    }
  }

  /**
   * The township / sub-district of a point. Where a boundary covers it, the boundary decides, and a point in
   * another township than the caller's is refused (403, on longitude/latitude); a division the caller names
   * must be that one. Where none covers it, the named division (else `kept`, the one a move keeps) is used,
   * and a named division that has a boundary must contain the point. Both refusals say where the point is.
   */
  private async resolveDivision(
    em: EntityManager,
    principal: Principal,
    longitude: number,
    latitude: number,
    named: string | undefined,
    kept?: string,
  ): Promise<{ division: Division; derived: boolean }> {
    const point = `（${longitude}, ${latitude}）`;
    const pointEn = `(${longitude}, ${latitude})`;
    const onPoint = (code: DirectoryErrorCode, message: string) =>
      new DomainException(code, message, code === DirectoryErrorCode.OutsideJurisdiction ? 403 : 400, [
        { field: 'longitude', message },
        { field: 'latitude', message },
      ]);
    const load = async (id: string) => {
      const [row] = await em.query<{ outside: boolean }[]>(
        `SELECT (boundary IS NOT NULL AND NOT ST_Contains(boundary, ST_SetSRID(ST_MakePoint($2, $3), 4326))) AS outside
           FROM division WHERE id = $1`,
        [id, longitude, latitude],
      );
      if (!row) throw DomainException.invalid('divisionId', `division ${id} does not exist`);
      return { division: await em.getRepository(Division).findOneByOrFail({ id }), outside: row.outside };
    };
    const derivedId = await this.derivation.divisionAt(em, longitude, latitude);
    if (derivedId) {
      const { division } = await load(derivedId);
      if (!inJurisdiction(principal.jurisdiction, division.path)) {
        throw onPoint(
          DirectoryErrorCode.OutsideJurisdiction,
          `坐标${point}位于${division.name}，不在您的辖区内 / the point ${pointEn} lies in ${division.name}, outside your jurisdiction`,
        );
      }
      if (named && named !== derivedId) {
        const given = await load(named);
        // a village (or other division below the township) that contains the point may be named
        if (given.division.path.startsWith(`${division.path}/`) && !given.outside)
          return { division: given.division, derived: false };
        throw onPoint(
          DirectoryErrorCode.PointOutsideDivision,
          `坐标${point}位于${division.name}，不在所填的${given.division.name}内 / the point ${pointEn} lies in ${division.name}, not in ${given.division.name} as given`,
        );
      }
      return { division, derived: true };
    }
    const id = named ?? kept;
    if (!id) {
      throw new DirectoryException(
        DirectoryErrorCode.DivisionRequired,
        '没有乡镇（街道）边界覆盖该坐标，请填写所在乡镇（街道） / divisionId is required: no township boundary covers this location',
        'divisionId',
      );
    }
    const { division, outside } = await load(id);
    if (outside) {
      throw onPoint(
        DirectoryErrorCode.PointOutsideDivision,
        `坐标${point}不在${division.name}的边界内 / the point ${pointEn} lies outside the boundary of ${division.name}`,
      );
    }
    return { division, derived: false };
  }

  /**
   * After division boundaries change: an outfall whose township was derived from a boundary moves to the
   * township whose boundary now contains it (audited, its township fallback entity follows); one whose
   * township was entered by hand is not moved but flagged (`boundaryDivisionId`) when a boundary places it
   * elsewhere, and the flag clears when the boundaries agree again. A point no boundary covers stays where it
   * is. Set-based: one statement finds the changes.
   */
  async rederiveDivisions(em: EntityManager): Promise<{ moved: number; flagged: number }> {
    this.counts.invalidate();
    const changes = await em.query<
      {
        id: string;
        division_id: string;
        derived: boolean;
        boundary_division_id: string | null;
        at: string | null;
      }[]
    >(
      `SELECT o.id, o.division_id, o.division_derived AS derived, o.boundary_division_id, b.id AS at
         FROM outfall o
         LEFT JOIN LATERAL (
           SELECT d.id FROM division d
            WHERE d.boundary IS NOT NULL AND d.level IN ($1, $2) AND ST_Contains(d.boundary, o.location)
            ORDER BY ST_Area(d.boundary) LIMIT 1
         ) b ON TRUE
        WHERE (o.division_derived AND b.id IS NOT NULL AND b.id <> o.division_id)
           OR (NOT o.division_derived
               AND o.boundary_division_id IS DISTINCT FROM (CASE WHEN b.id <> o.division_id THEN b.id END))
        ORDER BY o.id`,
      [DivisionLevel.Township, DivisionLevel.SubDistrict],
    );
    let moved = 0;
    let flagged = 0;
    for (const change of changes) {
      const before = { divisionId: change.division_id, boundaryDivisionId: change.boundary_division_id };
      let after: Record<string, unknown>;
      if (change.derived && change.at) {
        await em.query(
          `UPDATE outfall SET division_id = $2, boundary_division_id = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
          [change.id, change.at],
        );
        await this.entities.ensureFallback(em, change.id, change.at);
        after = {
          divisionId: change.at,
          boundaryDivisionId: null,
          reason: '行政区划边界变更 / boundary change',
        };
        moved++;
      } else {
        const flag = change.at && change.at !== change.division_id ? change.at : null;
        await em.query(
          `UPDATE outfall SET boundary_division_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
          [change.id, flag],
        );
        after = {
          divisionId: change.division_id,
          boundaryDivisionId: flag,
          reason: flag
            ? '边界显示该排污口位于其他乡镇（街道），待核实 / a boundary places the outfall in another division: to review'
            : '边界与填写的乡镇（街道）一致 / the boundaries agree with the division entered',
        };
        if (flag) flagged++;
      }
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'outfall',
        entityId: change.id,
        before,
        after,
      });
    }
    return { moved, flagged };
  }

  private async nextLocalCode(
    em: EntityManager,
    water: WaterBody,
    category: OutfallCategory,
    division: Division,
  ): Promise<string> {
    const pattern = this.config.OUTFALL_CODE_PATTERN;
    const prefix = pattern
      .replace('{water}', water.code)
      .replace('{category}', CATEGORY_CODES[category])
      .replace('{division}', division.code)
      .replace(/\{seq(:\d)?\}.*$/, '');
    const width = Number(/\{seq:(\d)\}/.exec(pattern)?.[1] ?? 1);
    // serialise code generation per prefix for the rest of the transaction
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [prefix]);
    const [{ max }] = await em.query<{ max: number | null }[]>(
      `SELECT max(substring(local_code from length($1) + 1)::int) AS max
         FROM outfall WHERE local_code LIKE $2 AND substring(local_code from length($1) + 1) ~ '^[0-9]+$'`,
      [prefix, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    );
    return `${prefix}${String((max ?? 0) + 1).padStart(width, '0')}`;
  }

  private async assertNationalCodeFree(
    em: EntityManager,
    code: string | undefined,
    exceptId?: string,
  ): Promise<void> {
    if (!code) return;
    // DTOs normalize already (NormalizeCode); a service caller that did not is compared the same way
    code = normalizeCode(code);
    const existing = await em.getRepository(Outfall).findOneBy({ nationalCode: code });
    if (existing && existing.id !== exceptId) {
      throw new DirectoryException(
        DirectoryErrorCode.NationalCodeTaken,
        `national code ${code} already belongs to outfall ${existing.localCode}`,
        'nationalCode',
      );
    }
  }

  async create(principal: Principal, input: CreateOutfallDto): Promise<Outfall> {
    return this.dataSource.transaction((em) => this.createIn(em, principal, input));
  }

  /**
   * Creates an outfall inside the caller's transaction. Imports pass `recompute: false` and recompute the
   * derived flags once for all rows, and may carry their own local code.
   */
  async createIn(
    em: EntityManager,
    principal: Principal,
    input: CreateOutfallDto,
    options: { recompute?: boolean; localCode?: string; source?: string } = {},
  ): Promise<Outfall> {
    this.counts.invalidate();
    this.assertPair(input.category, input.subType);
    this.assertSetupApproval(input.category, input.setupApproval);
    this.assertInCity(input.longitude, input.latitude);
    const today = beijingToday();
    const registeredOn = input.registeredOn ?? today;
    if (input.discoveredOn > today)
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        'discoveredOn cannot be in the future',
        'discoveredOn',
      );
    this.checkDate(registeredOn, input.discoveredOn, 'registeredOn');
    const water = await em.getRepository(WaterBody).findOneBy({ id: input.waterBodyId });
    if (!water)
      throw DomainException.invalid('waterBodyId', `water body ${input.waterBodyId} does not exist`);
    const { division, derived } = await this.resolveDivision(
      em,
      principal,
      input.longitude,
      input.latitude,
      input.divisionId,
    );
    this.assertCanWrite(principal, input.category, division.path);
    await this.assertNationalCodeFree(em, input.nationalCode);
    const localCode = options.localCode ?? (await this.nextLocalCode(em, water, input.category, division));
    const [{ id }] = await em.query<{ id: string }[]>(
      `INSERT INTO outfall (national_code, local_code, name, category, sub_type, longitude, latitude, location, water_body_id, bank,
                              division_id, division_derived, discharge_mode, discharge_method, size_mm, discovered_on, permit_number,
                              setup_approval, signage_installed, signage_installed_on, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1)
         RETURNING id`,
      [
        input.nationalCode ?? null,
        localCode,
        input.name,
        input.category,
        input.subType,
        input.longitude,
        input.latitude,
        input.waterBodyId,
        input.bank ?? 'unknown',
        division.id,
        derived,
        input.dischargeMode ?? null,
        input.dischargeMethod ?? null,
        input.sizeMm ?? null,
        input.discoveredOn,
        input.permitNumber ?? null,
        input.setupApproval ?? null,
        input.signageInstalled ?? false,
        input.signageInstalledOn ?? null,
      ],
    );
    await em.getRepository(OutfallEvent).save({
      outfallId: id,
      type: MilestoneType.Registered,
      effectiveOn: registeredOn,
      source: options.source ?? 'manual',
    });
    if (options.recompute !== false) await this.derivation.recomputeAll(em, [id]);
    await this.entities.ensureFallback(em, id, division.id);
    const created = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'outfall',
      entityId: id,
      after: created,
    });
    await this.publishOutfall(em, WebhookEventType.OutfallCreated, created);
    return created;
  }

  async update(principal: Principal, id: string, input: UpdateOutfallDto): Promise<Outfall> {
    return this.dataSource.transaction((em) => this.updateIn(em, principal, id, input));
  }

  /** Updates inside the caller's transaction; imports skip the version check (the file is the newer truth). */
  async updateIn(
    em: EntityManager,
    principal: Principal,
    id: string,
    input: UpdateOutfallDto,
    options: { checkVersion?: boolean; recompute?: boolean } = {},
  ): Promise<Outfall> {
    const current = await this.assertWritable(principal, id, em);
    if (options.checkVersion !== false) assertVersion('Outfall', current.version, input.version);
    const before = await em.getRepository(Outfall).findOneByOrFail({ id });
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as Outfall;
    this.assertPair(next.category, next.subType);
    if (
      before.setupApplicationId &&
      input.setupApproval !== undefined &&
      input.setupApproval !== before.setupApproval
    ) {
      throw new DirectoryException(
        DirectoryErrorCode.SetupApprovalDerived,
        '该排污口的设置审批状态来自设置审核（登记）记录，不能手工修改 / setupApproval comes from the outfall’s setup application and cannot be written by hand',
        'setupApproval',
      );
    }
    this.assertSetupApproval(next.category, next.setupApproval);
    this.assertInCity(next.longitude, next.latitude);
    if (next.discoveredOn > beijingToday())
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        'discoveredOn cannot be in the future',
        'discoveredOn',
      );
    if (next.discoveredOn > before.discoveredOn) {
      // no milestone may precede discovery: a later discovery day must not leave one before it
      const [earlier] = await em.query<{ type: MilestoneType; on: string }[]>(
        `SELECT type, to_char(effective_on, 'YYYY-MM-DD') AS on FROM outfall_event
          WHERE outfall_id = $1 AND effective_on < $2 ORDER BY effective_on LIMIT 1`,
        [id, next.discoveredOn],
      );
      if (earlier)
        throw new DirectoryException(
          DirectoryErrorCode.MilestoneBeforeDiscovery,
          `discoveredOn cannot be after the ${MILESTONE_LABELS[earlier.type].en} milestone (${earlier.on})`,
          'discoveredOn',
        );
    }
    const moved = next.longitude !== before.longitude || next.latitude !== before.latitude;
    const resolve = moved || !!input.divisionId;
    const { division, derived } = resolve
      ? await this.resolveDivision(
          em,
          principal,
          next.longitude,
          next.latitude,
          input.divisionId,
          before.divisionDerived ? undefined : before.divisionId,
        )
      : {
          division: await em.getRepository(Division).findOneByOrFail({ id: before.divisionId }),
          derived: before.divisionDerived,
        };
    this.assertCanWrite(principal, next.category, division.path);
    if (input.waterBodyId && !(await em.getRepository(WaterBody).existsBy({ id: input.waterBodyId }))) {
      throw DomainException.invalid('waterBodyId', `water body ${input.waterBodyId} does not exist`);
    }
    await this.assertNationalCodeFree(em, input.nationalCode ?? undefined, id);
    const { version: _v, ...changes } = input;
    await em.getRepository(Outfall).update(id, {
      ...changes,
      divisionId: division.id,
      divisionDerived: derived,
      // a division resolved now agrees with the boundaries: nothing left to review
      ...(resolve ? { boundaryDivisionId: null } : {}),
      version: before.version + 1,
    });
    if (moved) {
      await em.query(
        `UPDATE outfall SET location = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) WHERE id = $1`,
        [id],
      );
    }
    if ((moved || input.waterBodyId) && options.recompute !== false)
      await this.derivation.recomputeAll(em, [id]);
    if (division.id !== before.divisionId) await this.entities.ensureFallback(em, id, division.id);
    const after = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: id,
      before,
      after,
    });
    await this.publishOutfall(em, WebhookEventType.OutfallUpdated, after, {
      changed: Object.entries(input)
        .filter(([key, value]) => key !== 'version' && value !== undefined)
        .map(([key]) => key),
    });
    return after;
  }

  /** Not in the future, not before discovery (Asia/Shanghai calendar days). */
  private checkDate(date: string, discoveredOn: string, field: string): void {
    if (date > beijingToday())
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneInFuture,
        `${field} cannot be in the future`,
        field,
      );
    if (date < discoveredOn) {
      throw new DirectoryException(
        DirectoryErrorCode.MilestoneBeforeDiscovery,
        `${field} cannot be before the outfall was discovered (${discoveredOn})`,
        field,
      );
    }
  }

  /** Enters or corrects a dated milestone, keeping the milestones in their natural order. */
  async setMilestone(
    principal: Principal,
    id: string,
    type: MilestoneType,
    input: MilestoneDto,
    source = 'manual',
  ): Promise<OutfallEvent> {
    assertHandSettable(type);
    return this.dataSource.transaction(async (em) => {
      const outfall = await this.assertWritable(principal, id, em, { requireActive: false });
      await this.writeMilestone(em, outfall, type, input.effectiveOn, input.note ?? null, source);
      return em.getRepository(OutfallEvent).findOneByOrFail({ outfallId: id, type });
    });
  }

  /**
   * Writes one milestone after the date checks (not in the future, not before discovery, in order; `field`
   * names the input in errors). Hand entries and back-entries (补录, with their provenance) come through here;
   * the rule of who may set which type is checked by the callers (`assertHandSettable`, back-entry).
   */
  async writeMilestone(
    em: EntityManager,
    outfall: Outfall,
    type: MilestoneType,
    effectiveOn: string,
    note: string | null,
    source: string,
    options: {
      field?: string;
      backEntry?: { reason: string; document: string; photoIds: string[] };
    } = {},
  ): Promise<void> {
    const field = options.field ?? 'effectiveOn';
    this.checkDate(effectiveOn, outfall.discoveredOn, field);
    const events = await em.getRepository(OutfallEvent).findBy({ outfallId: outfall.id });
    const rank = MILESTONE_ORDER.indexOf(type);
    for (const event of events) {
      const otherRank = MILESTONE_ORDER.indexOf(event.type);
      if (otherRank === rank) continue;
      const wrong = otherRank < rank ? event.effectiveOn > effectiveOn : event.effectiveOn < effectiveOn;
      if (wrong) {
        throw new DirectoryException(
          DirectoryErrorCode.MilestoneOutOfOrder,
          `${MILESTONE_LABELS[type].en} (${effectiveOn}) must be ${otherRank < rank ? 'on or after' : 'on or before'} ${MILESTONE_LABELS[event.type].en} (${event.effectiveOn})`,
          field,
        );
      }
    }
    const existing = events.find((event) => event.type === type);
    const repo = em.getRepository(OutfallEvent);
    const saved = await repo.save({
      ...(existing ?? {}),
      outfallId: outfall.id,
      type,
      effectiveOn,
      note,
      source,
      recordedAt: new Date(),
      backEntered: !!options.backEntry,
      backEntryReason: options.backEntry?.reason ?? null,
      backEntryDocument: options.backEntry?.document ?? null,
      backEntryPhotoIds: options.backEntry?.photoIds ?? [],
      reviewState: null,
    });
    // milestones are audited under their outfall (the type is in before/after)
    await this.audit.record(em, {
      action: existing ? AuditAction.Update : AuditAction.Create,
      entityType: 'outfall_event',
      entityId: outfall.id,
      before: existing ?? null,
      after: saved,
    });
    await this.webhooks.publish(
      WebhookEventType.MilestoneSet,
      outfall.id,
      {
        outfallId: outfall.id,
        localCode: outfall.localCode,
        type,
        effectiveOn,
        previousEffectiveOn: existing?.effectiveOn ?? null,
        source,
        backEntered: !!options.backEntry,
      },
      em,
      { divisionId: outfall.divisionId },
    );
  }

  /**
   * Runs a workflow's milestone change (samples, tracing, disposition, plans: bulk SQL upserts) and audits
   * every milestone it created, moved or removed under its outfall, with before and after.
   */
  async auditMilestones(
    em: EntityManager,
    outfallIds: string[],
    types: MilestoneType[],
    change: () => Promise<void>,
  ): Promise<void> {
    const read = async () =>
      new Map(
        (
          await em.getRepository(OutfallEvent).find({
            where: { outfallId: In([...new Set(outfallIds)]), type: In(types) },
          })
        ).map((e) => [`${e.outfallId}|${e.type}`, e]),
      );
    const before = await read();
    await change();
    const after = await read();
    const same = (a: OutfallEvent, b: OutfallEvent) =>
      a.effectiveOn === b.effectiveOn &&
      a.source === b.source &&
      a.note === b.note &&
      a.backEntered === b.backEntered &&
      a.reviewState === b.reviewState;
    const set: OutfallEvent[] = [];
    const entries: AuditEntry[] = [];
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const was = before.get(key) ?? null;
      const now = after.get(key) ?? null;
      if (was && now && same(was, now)) continue;
      entries.push({
        action: !was ? AuditAction.Create : !now ? AuditAction.Delete : AuditAction.Update,
        entityType: 'outfall_event',
        entityId: key.split('|')[0],
        before: was,
        after: now,
      });
      if (now && (!was || was.effectiveOn !== now.effectiveOn)) set.push(now);
    }
    // one statement for all of them (a batch of samples moves the milestone of hundreds of outfalls)
    await this.audit.recordMany(em, entries);
    if (set.length) {
      const rows = await em.getRepository(Outfall).find({
        select: { id: true, localCode: true, divisionId: true },
        where: { id: In([...new Set(set.map((e) => e.outfallId))]) },
      });
      const byId = new Map(rows.map((o) => [o.id, o]));
      await this.webhooks.publishMany(
        WebhookEventType.MilestoneSet,
        set.map((e) => ({
          recordId: e.outfallId,
          divisionId: byId.get(e.outfallId)?.divisionId ?? null,
          payload: {
            outfallId: e.outfallId,
            localCode: byId.get(e.outfallId)?.localCode ?? null,
            type: e.type,
            effectiveOn: e.effectiveOn,
            previousEffectiveOn: before.get(`${e.outfallId}|${e.type}`)?.effectiveOn ?? null,
            source: e.source,
            backEntered: e.backEntered,
          },
        })),
        em,
      );
    }
  }

  async deleteMilestone(principal: Principal, id: string, type: MilestoneType): Promise<void> {
    if (type === MilestoneType.Registered)
      throw DomainException.invalid('type', 'the registered milestone cannot be removed');
    assertHandSettable(type);
    await this.dataSource.transaction(async (em) => {
      await this.assertWritable(principal, id, em, { requireActive: false });
      const event = await em.getRepository(OutfallEvent).findOneBy({ outfallId: id, type });
      if (!event) throw DomainException.notFound('Milestone', type);
      await em.getRepository(OutfallEvent).delete(event.id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'outfall_event',
        entityId: id,
        before: event,
      });
    });
  }

  /**
   * Merges a duplicate into the surviving outfall: entity links, milestones the survivor lacks, and
   * whatever later modules attach move over; the merged record stays, closed, with a link to the survivor.
   */
  /** Closes `id` into `input.intoId`, moving everything attached; inside a caller's transaction when `em` is given. */
  async merge(
    principal: Principal,
    id: string,
    input: MergeOutfallDto,
    em?: EntityManager,
  ): Promise<Outfall> {
    if (id === input.intoId)
      throw new DirectoryException(
        DirectoryErrorCode.MergeInvalid,
        'an outfall cannot be merged into itself',
        'intoId',
      );
    return em
      ? this.mergeIn(em, principal, id, input)
      : this.dataSource.transaction((tx) => this.mergeIn(tx, principal, id, input));
  }

  private async mergeIn(
    em: EntityManager,
    principal: Principal,
    id: string,
    input: MergeOutfallDto,
  ): Promise<Outfall> {
    for (const outfallId of [id, input.intoId]) {
      const outfall = await this.assertWritable(principal, outfallId, em, { requireActive: false });
      if (outfall.status !== OutfallStatus.Active)
        throw new DirectoryException(
          DirectoryErrorCode.NotActive,
          `outfall ${outfall.localCode} is not active`,
        );
    }
    const beforeFrom = await em.getRepository(Outfall).findOneByOrFail({ id });
    // field work done at the closed outfall carries over; its remediation milestones stay with it (they
    // describe the closed outfall's own plan, and progress counts them there)
    const events = em.getRepository(OutfallEvent);
    const held = new Set((await events.findBy({ outfallId: input.intoId })).map((e) => e.type));
    const moving = (
      await events.findBy({
        outfallId: id,
        type: In([MilestoneType.Investigated, MilestoneType.Monitored, MilestoneType.Traced]),
      })
    ).filter((e) => !held.has(e.type));
    if (moving.length) {
      await em.query(`UPDATE outfall_event SET outfall_id = $2 WHERE id = ANY($1::uuid[])`, [
        moving.map((e) => e.id),
        input.intoId,
      ]);
      const moved = new Map((await events.findBy({ id: In(moving.map((e) => e.id)) })).map((e) => [e.id, e]));
      // milestones are audited under their outfall: each moved one leaves a row on both outfalls, before on
      // the closed outfall and after on the survivor
      await this.audit.recordMany(
        em,
        moving.flatMap((e) =>
          [id, input.intoId].map((outfallId) => ({
            action: AuditAction.Update,
            entityType: 'outfall_event',
            entityId: outfallId,
            before: e,
            after: { ...moved.get(e.id), mergedFromOutfallId: id },
          })),
        ),
      );
    }
    await this.entities.moveLinks(em, id, input.intoId);
    const attachments = await em.query<{ id: string }[]>(
      `UPDATE outfall_attachment SET outfall_id = $2 WHERE outfall_id = $1 RETURNING id`,
      [id, input.intoId],
    );
    const movedRecords: Record<string, unknown> = {
      milestones: moving.map((e) => ({ id: e.id, type: e.type, effectiveOn: e.effectiveOn })),
      attachments: attachments.map((a) => a.id),
    };
    for (const hook of this.mergeHooks) Object.assign(movedRecords, await hook(em, id, input.intoId));
    // every moved record has its own row; the outfalls' rows count them and list the first 1 000 of each kind
    const counts: Record<string, number> = {};
    for (const [kind, list] of Object.entries(movedRecords)) {
      if (!Array.isArray(list)) continue;
      counts[kind] = list.length;
      if (list.length > 1000) movedRecords[kind] = list.slice(0, 1000);
    }
    movedRecords.counts = counts;
    await em.getRepository(Outfall).update(id, {
      status: OutfallStatus.Merged,
      mergedIntoId: input.intoId,
      version: beforeFrom.version + 1,
    });
    await this.derivation.recomputeDuplicates(em, [id, input.intoId]);
    const after = await em.getRepository(Outfall).findOneByOrFail({ id });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: id,
      before: beforeFrom,
      after: { ...after, mergeReason: input.reason, movedTo: input.intoId, moved: movedRecords },
    });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: input.intoId,
      before: null,
      after: {
        absorbed: id,
        absorbedLocalCode: beforeFrom.localCode,
        reason: input.reason,
        moved: movedRecords,
      },
    });
    await this.publishOutfall(em, WebhookEventType.OutfallMerged, after, {
      mergedIntoId: input.intoId,
      reason: input.reason,
    });
    return em.getRepository(Outfall).findOneByOrFail({ id: input.intoId });
  }
}
