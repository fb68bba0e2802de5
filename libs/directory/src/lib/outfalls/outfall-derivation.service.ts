import { Injectable, Optional } from '@nestjs/common';
import { OutfallCountCache } from './outfall-count-cache';
import { AuditService } from '@outfall/audit';
import { AppConfig } from '@outfall/config';
import { AuditAction, DivisionLevel } from '@outfall/shared-types';
import { EntityManager } from 'typeorm';

/** `null` means every outfall. */
type Scope = readonly string[] | null;

function scopeSql(scope: Scope, alias: string, param: number): string {
  return scope ? `${alias}.id = ANY($${param}::uuid[])` : 'TRUE';
}

/** Pairs of active outfalls on the same water within $1 metres, written in both directions. */
function insertPairs(where: string): string {
  return `INSERT INTO outfall_duplicate (id, outfall_id, other_id, reason, distance_m)
          SELECT uuid_time_ordered(), dir.x, dir.y, 'distance', pair.d
            FROM (
              SELECT s.id AS a, t.id AS b, ST_Distance(s.location::geography, t.location::geography) AS d
                FROM outfall s
                JOIN outfall t
                  ON t.id <> s.id
                 AND t.water_body_id = s.water_body_id
                 AND t.status = 'active'
                 AND ST_DWithin(s.location::geography, t.location::geography, $1)
               WHERE s.status = 'active' AND ${where}
            ) pair
            CROSS JOIN LATERAL (VALUES (pair.a, pair.b), (pair.b, pair.a)) AS dir(x, y)
          ON CONFLICT DO NOTHING`;
}

/**
 * The key rivers with their shoreline and centre line cast to geography, once per statement: the CTE that
 * `nearestKeyRiverSql` reads (`WITH ${KEY_RIVERS_CTE} …`). Cast in the look-up itself, once per point and
 * river, the casts were 45 % of it (a 100,000-row import: ~0.9 of 2 s).
 */
export const KEY_RIVERS_CTE = `key_rivers AS MATERIALIZED (
    SELECT w.id, w.shoreline::geography AS shoreline, w.centerline::geography AS centerline
      FROM water_body w
     WHERE w.is_key AND (w.shoreline IS NOT NULL OR w.centerline IS NOT NULL))`;

/**
 * The nearest key river of the point `point` (SQL, a geometry in 4326): a subquery for a LATERAL join giving
 * `water_body_id` and `distance` (metres on the spheroid to its shoreline or centre line), no row without one.
 * The statement defines `KEY_RIVERS_CTE`.
 */
export function nearestKeyRiverSql(point: string): string {
  return `SELECT w.id AS water_body_id,
                 LEAST(
                   COALESCE(ST_Distance(${point}::geography, w.shoreline), 'Infinity'::float8),
                   COALESCE(ST_Distance(${point}::geography, w.centerline), 'Infinity'::float8)
                 ) AS distance
            FROM key_rivers w
           ORDER BY distance, w.id
           LIMIT 1`;
}

/** The area for a key-river distance (SQL; `threshold` is the key-area distance in metres). */
export function areaSql(distance: string, threshold: string): string {
  return `CASE WHEN ${distance} IS NOT NULL AND ${distance} <= ${threshold} THEN 'key' ELSE 'general' END`;
}

/** The protected areas the point lies in, as the outfall's `ban_reasons` (SQL, a jsonb array, by name). */
export function banReasonsSql(point: string): string {
  return `(SELECT COALESCE(jsonb_agg(jsonb_build_object('protectedAreaId', p.id, 'name', p.name, 'kind', p.kind,
                                                        'designatedOn', p.designated_on) ORDER BY p.name), '[]'::jsonb)
             FROM protected_area p WHERE ST_Intersects(p.geometry, ${point}))`;
}

/**
 * The derived facts of outfalls, each computed with one set-based statement so a layer change can
 * recompute thousands of outfalls at once:
 * - area: key when within KEY_AREA_DISTANCE_M of a key river's shoreline or centre line (geography metres);
 * - ban candidate: inside any protected area, with the areas listed;
 * - suspected duplicates: other active outfalls on the same water within DUPLICATE_DISTANCE_M.
 */
interface FlagHistoryRow {
  outfall_id: string;
  before: FlagValues;
  area: string;
  ban_candidate: boolean;
  ban_reasons: unknown[];
  duplicate_count: number;
}

interface FlagValues {
  area: string;
  banCandidate: boolean;
  banReasons: unknown[];
  duplicateCount: number;
}

@Injectable()
export class OutfallDerivationService {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Optional() private readonly counts?: OutfallCountCache,
  ) {}

  async recomputeAll(em: EntityManager, scope: Scope): Promise<void> {
    // the flags are list filters (area, ban candidate, duplicate): drop the totals kept for them
    this.counts?.invalidate();
    await this.audited(em, async () => {
      await this.area(em, scope);
      await this.ban(em, scope);
      await this.duplicates(em, scope);
    });
  }

  /**
   * Every change of a derived flag leaves an audit row on the outfall it changed, with the flags before and
   * after. The flags' history (`outfall_flag_history`, which `knownAt` reads) is written by a trigger on any
   * change of these columns; the rows this transaction added since `work` began become the audit rows.
   */
  private async audited(em: EntityManager, work: () => Promise<void>): Promise<void> {
    // history rows are stamped with the clock time of their write: those of this transaction after the mark
    const [{ mark }] = await em.query<{ mark: string }[]>(`SELECT clock_timestamp()::text AS mark`);
    await work();
    const rows = await em.query<FlagHistoryRow[]>(
      `SELECT outfall_id, before, area, ban_candidate, ban_reasons, duplicate_count
         FROM outfall_flag_history
        WHERE txid = txid_current() AND valid_from >= $1::timestamptz AND before IS NOT NULL
        ORDER BY valid_from`,
      [mark],
    );
    // several statements may change one outfall: one row per outfall, from its first before to its last after
    const changes = new Map<string, { before: FlagValues; after: FlagValues }>();
    for (const row of rows) {
      const after: FlagValues = {
        area: row.area,
        banCandidate: row.ban_candidate,
        banReasons: row.ban_reasons,
        duplicateCount: row.duplicate_count,
      };
      const seen = changes.get(row.outfall_id);
      changes.set(row.outfall_id, { before: seen?.before ?? row.before, after });
    }
    const entries = [...changes].map(([outfallId, change]) => {
      const keys = (Object.keys(change.after) as (keyof FlagValues)[]).filter(
        (key) => JSON.stringify(change.before[key]) !== JSON.stringify(change.after[key]),
      );
      return {
        action: AuditAction.Update,
        entityType: 'outfall',
        entityId: outfallId,
        before: Object.fromEntries(keys.map((key) => [key, change.before[key]])),
        after: Object.fromEntries(keys.map((key) => [key, change.after[key]])),
      };
    });
    await this.audit.recordMany(
      em,
      entries.filter((entry) => Object.keys(entry.after).length),
    );
  }

  recomputeArea(em: EntityManager, scope: Scope): Promise<void> {
    return this.audited(em, () => this.area(em, scope));
  }

  recomputeBan(em: EntityManager, scope: Scope): Promise<void> {
    return this.audited(em, () => this.ban(em, scope));
  }

  recomputeDuplicates(em: EntityManager, scope: Scope): Promise<void> {
    return this.audited(em, () => this.duplicates(em, scope));
  }

  private async area(em: EntityManager, scope: Scope): Promise<void> {
    await em.query(
      `WITH ${KEY_RIVERS_CTE}
       UPDATE outfall o
          SET key_distance_m = k.distance,
              key_water_body_id = k.water_body_id,
              area = ${areaSql('k.distance', '$1')}
         FROM outfall s
         LEFT JOIN LATERAL (${nearestKeyRiverSql('s.location')}) k ON TRUE
        WHERE o.id = s.id AND ${scopeSql(scope, 's', 2)}
          -- rewrite only rows whose facts change (a no-op recompute otherwise rewrote every row and index)
          AND (o.key_distance_m, o.key_water_body_id, o.area) IS DISTINCT FROM
              (k.distance, k.water_body_id, ${areaSql('k.distance', '$1')})`,
      scope ? [this.config.KEY_AREA_DISTANCE_M, scope] : [this.config.KEY_AREA_DISTANCE_M],
    );
  }

  private async ban(em: EntityManager, scope: Scope): Promise<void> {
    await em.query(
      `UPDATE outfall o
          SET ban_candidate = r.reasons <> '[]'::jsonb, ban_reasons = r.reasons
         FROM (SELECT s.id, ${banReasonsSql('s.location')} AS reasons FROM outfall s WHERE ${scopeSql(scope, 's', 1)}) r
        WHERE o.id = r.id AND o.ban_reasons IS DISTINCT FROM r.reasons`,
      scope ? [scope] : [],
    );
  }

  /** Rebuilds the pairs that involve the scope (both directions) and the counts of everyone touched. */
  private async duplicates(em: EntityManager, scope: Scope): Promise<void> {
    const distance = this.config.DUPLICATE_DISTANCE_M;
    if (!scope) {
      await em.query(`DELETE FROM outfall_duplicate`);
      await em.query(insertPairs('TRUE'), [distance]);
      await em.query(
        `UPDATE outfall o SET duplicate_count = c.n
           FROM (SELECT s.id, (SELECT count(*) FROM outfall_duplicate d WHERE d.outfall_id = s.id)::int AS n FROM outfall s) c
          WHERE o.id = c.id AND o.duplicate_count <> c.n`,
      );
      return;
    }
    const previous = await em.query<{ other_id: string }[]>(
      `SELECT other_id FROM outfall_duplicate WHERE outfall_id = ANY($1::uuid[])`,
      [scope],
    );
    await em.query(
      `DELETE FROM outfall_duplicate WHERE outfall_id = ANY($1::uuid[]) OR other_id = ANY($1::uuid[])`,
      [scope],
    );
    await em.query(insertPairs('s.id = ANY($2::uuid[])'), [distance, scope]);
    await em.query(
      `UPDATE outfall o SET duplicate_count = c.n
         FROM (SELECT t.id, (SELECT count(*) FROM outfall_duplicate d WHERE d.outfall_id = t.id)::int AS n
                 FROM outfall t
                WHERE t.id = ANY($1::uuid[] || $2::uuid[] || ARRAY(SELECT other_id FROM outfall_duplicate WHERE outfall_id = ANY($1::uuid[])))) c
        -- rewrite only the counts that change (a batch of new outfalls mostly has none)
        WHERE o.id = c.id AND o.duplicate_count <> c.n`,
      [scope, previous.map((row) => row.other_id)],
    );
  }

  /** The township / sub-district whose boundary contains the point, when boundary data exists. */
  async divisionAt(em: EntityManager, longitude: number, latitude: number): Promise<string | null> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM division
        WHERE boundary IS NOT NULL AND level IN ($3, $4)
          AND ST_Contains(boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326))
        ORDER BY ST_Area(boundary) LIMIT 1`,
      [longitude, latitude, DivisionLevel.Township, DivisionLevel.SubDistrict],
    );
    return rows[0]?.id ?? null;
  }
}
