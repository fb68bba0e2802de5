import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CommonErrorCode, DomainException, likePattern } from '@outfall/common';
import { SetupReviewService } from '@outfall/setup-review';
import { OutfallCategory } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { PublicCache } from './public-cache';
import { PublicField } from './publication-config.entity';
import {
  PublicFiltersDto,
  PublicOutfallDto,
  PublicOutfallFilterDto,
  PublicOutfallPageDto,
} from './publication.dto';
import { EffectivePublication, PublicationService } from './publication.service';

const MAX_PUBLIC_PAGE = 100;
const MAX_MAP_FEATURES = 5000;

/** The SQL of each public field (outfall `o`, water `w`, division `d`, sign `s`, latest sample `ls`, plan `rp`). */
const COLUMNS: Record<PublicField, string[]> = {
  [PublicField.Code]: [`COALESCE(o.national_code, o.local_code) AS code`],
  [PublicField.Name]: [`o.name AS name`],
  [PublicField.Location]: [`o.longitude AS longitude`, `o.latitude AS latitude`],
  [PublicField.ReceivingWater]: [`w.name AS "receivingWater"`],
  [PublicField.Township]: [`d.name AS township`],
  [PublicField.ResponsibleEntity]: [
    `(SELECT me.name FROM outfall_entity ml JOIN responsible_entity me ON me.id = ml.entity_id
       WHERE ml.outfall_id = o.id AND ml.is_main LIMIT 1) AS "responsibleEntity"`,
  ],
  [PublicField.Category]: [`o.category AS category`],
  [PublicField.RemediationStatus]: [
    `COALESCE((SELECT rp.status FROM remediation_plan rp WHERE rp.outfall_id = o.id), 'none') AS "remediationStatus"`,
  ],
  [PublicField.LatestCompliance]: [
    `(SELECT json_build_object('status', CASE WHEN ls.exceeding THEN 'exceeding' ELSE 'compliant' END,
              'sampledOn', to_char(ls.sampled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'))
        FROM sample ls WHERE ls.outfall_id = o.id ORDER BY ls.sampled_at DESC LIMIT 1) AS "latestCompliance"`,
  ],
  [PublicField.Sign]: [
    `json_build_object('installed', COALESCE(s.installed, o.signage_installed),
       'installedOn', to_char(COALESCE(s.installed_on, o.signage_installed_on), 'YYYY-MM-DD'),
       'supervisingDepartment', s.supervising_department, 'supervisingPhone', s.supervising_phone) AS sign`,
  ],
};

/** The same answer for an unknown and an unpublished code: nothing tells them apart. */
export function publicNotFound(): DomainException {
  return new DomainException(
    CommonErrorCode.NotFound,
    'No published outfall has this code',
    HttpStatus.NOT_FOUND,
  );
}

function notPublic(field: string, dimension: string): DomainException {
  return DomainException.invalid(field, `${field} is not available: ${dimension} is not published`);
}

/**
 * The public read side: published outfalls (the effective configuration decides which outfalls and which
 * fields), computed with only the public columns in the SQL, cached (PublicCache) for the short TTL.
 */
@Injectable()
export class PublicOutfallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publication: PublicationService,
    private readonly cache: PublicCache,
    private readonly setupReview: SetupReviewService,
  ) {}

  /** The published outfalls (WHERE clause text and its parameters, numbered from `from`). */
  private scope(config: EffectivePublication, params: unknown[]): string {
    params.push(config.categories);
    const where = [`o.status = 'active'`, `o.category = ANY($${params.length}::varchar[])`];
    if (config.signedOnly) where.push(`COALESCE(s.installed, o.signage_installed)`);
    return where.join(' AND ');
  }

  private select(config: EffectivePublication): string {
    return config.fields.flatMap((f) => COLUMNS[f]).join(', ');
  }

  private readonly FROM = `FROM outfall o
     JOIN water_body w ON w.id = o.water_body_id
     JOIN division d ON d.id = o.division_id
     LEFT JOIN outfall_sign s ON s.outfall_id = o.id`;

  async list(
    query: PublicOutfallFilterDto & { limit?: number; offset?: number },
  ): Promise<PublicOutfallPageDto> {
    const config = await this.publication.effective();
    const has = (f: PublicField) => config.fields.includes(f);
    if (query.waterBodyId && !has(PublicField.ReceivingWater))
      throw notPublic('waterBodyId', 'receivingWater');
    if (query.divisionId && !has(PublicField.Township)) throw notPublic('divisionId', 'township');
    if (query.category && !has(PublicField.Category)) throw notPublic('category', 'category');
    const limit = Math.min(query.limit ?? 20, MAX_PUBLIC_PAGE);
    const offset = query.offset ?? 0;
    const key = `list:${config.revision}:${JSON.stringify([query.waterBodyId, query.divisionId, query.category, query.q, limit, offset])}`;
    return this.cache.remember(key, async () => {
      const params: unknown[] = [];
      const where = [this.scope(config, params)];
      if (query.waterBodyId) {
        params.push(query.waterBodyId);
        where.push(`o.water_body_id = $${params.length}`);
      }
      if (query.divisionId) {
        params.push(query.divisionId);
        where.push(
          `(d.id = $${params.length} OR d.path LIKE (SELECT path || '/%' FROM division WHERE id = $${params.length}))`,
        );
      }
      if (query.category) {
        params.push(query.category);
        where.push(`o.category = $${params.length}`);
      }
      if (query.q?.trim()) {
        params.push(likePattern(query.q.trim()));
        const n = params.length;
        where.push(
          has(PublicField.Name)
            ? `(COALESCE(o.national_code, o.local_code) ILIKE $${n} OR o.name ILIKE $${n})`
            : `COALESCE(o.national_code, o.local_code) ILIKE $${n}`,
        );
      }
      params.push(limit, offset);
      const rows = await this.dataSource.query<(PublicOutfallDto & { total: number })[]>(
        `SELECT ${this.select(config)}, count(*) OVER ()::int AS total ${this.FROM}
          WHERE ${where.join(' AND ')}
          ORDER BY code LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      let total = rows[0]?.total ?? 0;
      if (!rows.length && offset > 0) {
        const [{ n }] = await this.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n ${this.FROM} WHERE ${where.join(' AND ')}`,
          params.slice(0, -2),
        );
        total = n;
      }
      return { items: rows.map((r) => clean(r, config)), total, limit, offset };
    });
  }

  /** One published outfall by its code (national code, else local code); 404 alike for unknown/unpublished. */
  async get(code: string): Promise<PublicOutfallDto> {
    const config = await this.publication.effective();
    const trimmed = code.trim().slice(0, 64);
    const item = await this.cache.remember(`one:${config.revision}:${trimmed}`, async () => {
      const params: unknown[] = [];
      const where = this.scope(config, params);
      params.push(trimmed);
      const [row] = await this.dataSource.query<PublicOutfallDto[]>(
        `SELECT ${this.select(config)} ${this.FROM}
          WHERE ${where} AND (o.national_code = $${params.length} OR o.local_code = $${params.length}) LIMIT 1`,
        params,
      );
      return row ? clean(row, config) : null;
    });
    if (!item) throw publicNotFound();
    return item;
  }

  /** GeoJSON of the published outfalls inside `bbox`; empty when the location is not public. */
  async map(bbox?: string): Promise<GeoJsonCollection> {
    const config = await this.publication.effective();
    return this.cache.remember(`map:${config.revision}:${bbox ?? ''}`, async () => {
      if (!config.fields.includes(PublicField.Location)) return { type: 'FeatureCollection', features: [] };
      const params: unknown[] = [];
      const where = [this.scope(config, params)];
      if (bbox) {
        const [minLon, minLat, maxLon, maxLat] = bbox.split(',').map(Number);
        if (minLon > maxLon || minLat > maxLat)
          throw DomainException.invalid('bbox', 'bbox must be minLon,minLat,maxLon,maxLat with min ≤ max');
        params.push(minLon, minLat, maxLon, maxLat);
        const n = params.length;
        where.push(`o.longitude BETWEEN $${n - 3} AND $${n - 1} AND o.latitude BETWEEN $${n - 2} AND $${n}`);
      }
      const mapFields = [
        PublicField.Code,
        PublicField.Name,
        PublicField.Location,
        PublicField.Category,
      ].filter((f) => config.fields.includes(f));
      const rows = await this.dataSource.query<PublicOutfallDto[]>(
        `SELECT ${mapFields.flatMap((f) => COLUMNS[f]).join(', ')} ${this.FROM}
          WHERE ${where.join(' AND ')} ORDER BY code LIMIT ${MAX_MAP_FEATURES}`,
        params,
      );
      return {
        type: 'FeatureCollection',
        features: rows.map(({ longitude, latitude, ...properties }) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [Number(longitude), Number(latitude)] },
          properties,
        })),
      };
    });
  }

  /** The filter choices of the public list: only for the dimensions that are public. */
  async filters(): Promise<PublicFiltersDto> {
    const config = await this.publication.effective();
    return this.cache.remember(`filters:${config.revision}`, async () => {
      const params: unknown[] = [];
      const where = this.scope(config, params);
      const options = async (id: string, name: string) =>
        this.dataSource.query<{ id: string; name: string }[]>(
          `SELECT DISTINCT ${id} AS id, ${name} AS name ${this.FROM} WHERE ${where} ORDER BY 2`,
          params,
        );
      const has = (f: PublicField) => config.fields.includes(f);
      return {
        fields: config.fields,
        waters: has(PublicField.ReceivingWater) ? await options('w.id', 'w.name') : [],
        townships: has(PublicField.Township) ? await options('d.id', 'd.name') : [],
        categories: has(PublicField.Category)
          ? (
              await this.dataSource.query<{ c: OutfallCategory }[]>(
                `SELECT DISTINCT o.category AS c ${this.FROM} WHERE ${where} ORDER BY 1`,
                params,
              )
            ).map((r) => r.c)
          : [],
      };
    });
  }

  /** 设置审批与登记 published by setup review (its own publication fields), cached like the rest. */
  approvals(query: { limit?: number; offset?: number }) {
    const limit = Math.min(query.limit ?? 20, MAX_PUBLIC_PAGE);
    const offset = query.offset ?? 0;
    return this.cache.remember(`approvals:${limit}:${offset}`, () =>
      this.setupReview.published({ limit, offset }),
    );
  }
}

export interface GeoJsonCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: Partial<PublicOutfallDto>;
  }[];
}

/** Only the public keys, in catalogue order; numbers as numbers. */
function clean(row: PublicOutfallDto & { total?: number }, config: EffectivePublication): PublicOutfallDto {
  const out = new PublicOutfallDto();
  const target = out as unknown as Record<string, unknown>;
  const source = row as unknown as Record<string, unknown>;
  for (const field of config.fields) {
    if (field === PublicField.Location) {
      out.longitude = Number(row.longitude);
      out.latitude = Number(row.latitude);
    } else target[field] = source[field] ?? null;
  }
  return out;
}
