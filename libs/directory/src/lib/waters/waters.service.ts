import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, likePattern, PageResult, paginate } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { assertVersion } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateFunctionZoneDto,
  CreateProtectedAreaDto,
  CreateWaterBodyDto,
  FunctionZoneQueryDto,
  ProtectedAreaQueryDto,
  UpdateProtectedAreaDto,
  UpdateWaterBodyDto,
  WaterQueryDto,
} from '../dto/water.dto';
import { assertGeometry, MULTI_FROM_GEOJSON } from '../geo.util';
import { OutfallDerivationService } from '../outfalls/outfall-derivation.service';
import { FunctionZone } from './function-zone.entity';
import { ProtectedArea } from './protected-area.entity';
import { WaterBody } from './water-body.entity';

/** The reference layers a map draws (`layerGeojson`). */
export type MapLayer = 'water_body' | 'function_zone' | 'protected_area' | 'key_buffer';

/** What the map needs besides its layers (`GET /map/config`): the basemap (null = vector layers only, offline). */
export function mapConfigOf(
  config: Pick<AppConfig, 'MAP_BASEMAP_URL' | 'MAP_BASEMAP_ATTRIBUTION' | 'KEY_AREA_DISTANCE_M'>,
) {
  return {
    basemap: config.MAP_BASEMAP_URL
      ? { url: config.MAP_BASEMAP_URL, attribution: config.MAP_BASEMAP_ATTRIBUTION ?? null }
      : null,
    keyAreaDistanceM: config.KEY_AREA_DISTANCE_M,
  };
}

export type WithGeometry<T, K extends string> = Omit<T, K> & { [key in K]: Record<string, unknown> | null };

/** Rivers and lakes, water-function zones and protected areas, with GeoJSON in and out. */
@Injectable()
export class WatersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly derivation: OutfallDerivationService,
    private readonly config: AppConfig,
  ) {}

  listWaterBodies(query: WaterQueryDto): Promise<PageResult<WaterBody>> {
    const qb = this.dataSource.getRepository(WaterBody).createQueryBuilder('water');
    if (query.kind) qb.andWhere('water.kind = :kind', { kind: query.kind });
    if (query.isKey !== undefined) qb.andWhere('water.isKey = :isKey', { isKey: query.isKey });
    if (query.q) qb.andWhere('(water.name ILIKE :q OR water.code ILIKE :q)', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      { code: 'water.code', name: 'water.name', level: 'water.level' },
      'code',
      'water.id',
    );
  }

  async getWaterBody(
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<WithGeometry<WaterBody, 'centerline' | 'shoreline'>> {
    const [row] = await em.query<
      (WaterBody & { centerline_json: string | null; shoreline_json: string | null })[]
    >(
      `SELECT id, ST_AsGeoJSON(centerline, 7) AS centerline_json, ST_AsGeoJSON(shoreline, 7) AS shoreline_json FROM water_body WHERE id = $1`,
      [id],
    );
    const water = row ? await em.getRepository(WaterBody).findOneBy({ id }) : null;
    if (!row || !water) throw DomainException.notFound('Water body', id);
    return {
      ...water,
      centerline: row.centerline_json ? (JSON.parse(row.centerline_json) as Record<string, unknown>) : null,
      shoreline: row.shoreline_json ? (JSON.parse(row.shoreline_json) as Record<string, unknown>) : null,
    };
  }

  async createWaterBody(input: CreateWaterBodyDto) {
    const centerline = input.centerline ? assertGeometry('centerline', input.centerline, 'line') : null;
    const shoreline = input.shoreline ? assertGeometry('shoreline', input.shoreline, 'area') : null;
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(WaterBody);
      const saved = await repo.save(
        repo.create({
          code: input.code,
          name: input.name,
          kind: input.kind,
          level: input.level,
          isKey: input.isKey ?? false,
        }),
      );
      await this.setGeometry(em, 'water_body', saved.id, { centerline, shoreline });
      const result = await this.getWaterBody(saved.id, em);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'water_body',
        entityId: saved.id,
        after: result,
      });
      if (result.isKey) await this.derivation.recomputeArea(em, null);
      return result;
    });
  }

  async updateWaterBody(id: string, input: UpdateWaterBodyDto) {
    const centerline = input.centerline
      ? assertGeometry('centerline', input.centerline, 'line')
      : input.centerline;
    const shoreline = input.shoreline
      ? assertGeometry('shoreline', input.shoreline, 'area')
      : input.shoreline;
    return this.dataSource.transaction(async (em) => {
      const locked = await em
        .getRepository(WaterBody)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw DomainException.notFound('Water body', id);
      assertVersion('Water body', locked.version, input.version);
      const before = await this.getWaterBody(id, em);
      const { version: _v, centerline: _c, shoreline: _s, ...fields } = input;
      await em.getRepository(WaterBody).save({ ...locked, ...fields });
      await this.setGeometry(em, 'water_body', id, { centerline, shoreline });
      const after = await this.getWaterBody(id, em);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'water_body',
        entityId: id,
        before,
        after,
      });
      const geometryChanged = centerline !== undefined || shoreline !== undefined;
      if ((geometryChanged && (before.isKey || after.isKey)) || before.isKey !== after.isKey) {
        await this.derivation.recomputeArea(em, null);
      }
      return after;
    });
  }

  /** Every water body (centre line and shoreline) or protected area as a GeoJSON FeatureCollection, for maps. */
  /**
   * A reference layer as GeoJSON text built by PostgreSQL in one statement (ST_AsGeoJSON, 6 decimals):
   * water bodies (shoreline where known, else centre line), function zones, protected areas, or the key
   * rivers' key-area buffer (KEY_AREA_DISTANCE_M around shoreline and centre line, on the geography, so in
   * metres). `bbox` keeps the features whose geometry meets it (`&&`, served by the layer's GiST index).
   * Reference layers are city-wide reads, like their lists.
   */
  async layerGeojson(layer: MapLayer, bbox?: string): Promise<string> {
    const parameters: unknown[] = [];
    let envelope = '';
    if (bbox) {
      const [minLon, minLat, maxLon, maxLat] = bbox.split(',').map(Number);
      if (minLon >= maxLon || minLat >= maxLat)
        throw DomainException.invalid('bbox', 'bbox minimums must be below maximums');
      parameters.push(minLon, minLat, maxLon, maxLat);
      envelope = 'ST_MakeEnvelope($1, $2, $3, $4, 4326)';
    }
    const meets = (column: string) => (envelope ? `${column} && ${envelope}` : 'true');
    let rows: string;
    switch (layer) {
      case 'water_body':
        rows = `SELECT w.id, jsonb_build_object('code', w.code, 'name', w.name, 'kind', w.kind, 'isKey', w.is_key) AS properties,
                       ST_AsGeoJSON(COALESCE(w.shoreline, w.centerline), 6)::json AS geometry, w.code AS sort
                  FROM water_body w
                 WHERE COALESCE(w.shoreline, w.centerline) IS NOT NULL
                   AND (${meets('w.shoreline')} OR ${meets('w.centerline')})`;
        break;
      case 'function_zone':
        rows = `SELECT z.id, jsonb_build_object('name', z.name, 'waterBodyId', z.water_body_id, 'waterBody', w.name,
                                              'targetClass', z.target_class, 'targetMet', z.target_met) AS properties,
                       ST_AsGeoJSON(z.geometry, 6)::json AS geometry, z.name AS sort
                  FROM function_zone z JOIN water_body w ON w.id = z.water_body_id
                 WHERE z.geometry IS NOT NULL AND ${meets('z.geometry')}`;
        break;
      case 'protected_area':
        rows = `SELECT a.id, jsonb_build_object('name', a.name, 'kind', a.kind, 'designatedOn', a.designated_on) AS properties,
                       ST_AsGeoJSON(a.geometry, 6)::json AS geometry, a.name AS sort
                  FROM protected_area a
                 WHERE ${meets('a.geometry')}`;
        break;
      case 'key_buffer': {
        parameters.push(this.config.KEY_AREA_DISTANCE_M);
        const distance = `$${parameters.length}`;
        rows = `SELECT b.id, jsonb_build_object('code', b.code, 'name', b.name, 'distanceM', ${distance}::int) AS properties,
                       ST_AsGeoJSON(b.geometry, 6)::json AS geometry, b.code AS sort
                  FROM (SELECT w.id, w.code, w.name,
                               ST_Multi(ST_Union(ST_Buffer(part.g::geography, ${distance}::float8)::geometry)) AS geometry
                          FROM water_body w
                         CROSS JOIN LATERAL (VALUES (w.shoreline::geometry), (w.centerline::geometry)) AS part(g)
                         WHERE w.is_key AND part.g IS NOT NULL
                         GROUP BY w.id, w.code, w.name) b
                 WHERE ${meets('b.geometry')}`;
        break;
      }
    }
    const [row] = await this.dataSource.query<{ body: string }[]>(
      `SELECT json_build_object(
                'type', 'FeatureCollection',
                'features', COALESCE(json_agg(json_build_object(
                  'type', 'Feature', 'id', l.id, 'geometry', l.geometry, 'properties', l.properties
                ) ORDER BY l.sort), '[]'::json)
              )::text AS body
         FROM (${rows}) l`,
      parameters,
    );
    return row.body;
  }

  listFunctionZones(query: FunctionZoneQueryDto): Promise<PageResult<FunctionZone>> {
    const qb = this.dataSource.getRepository(FunctionZone).createQueryBuilder('zone');
    if (query.waterBodyId) qb.andWhere('zone.waterBodyId = :w', { w: query.waterBodyId });
    return paginate(qb, query, { name: 'zone.name', targetClass: 'zone.targetClass' }, 'name', 'zone.id');
  }

  async createFunctionZone(input: CreateFunctionZoneDto): Promise<FunctionZone> {
    const geometry = input.geometry ? assertGeometry('geometry', input.geometry, 'area') : null;
    return this.dataSource.transaction(async (em) => {
      if (!(await em.getRepository(WaterBody).existsBy({ id: input.waterBodyId }))) {
        throw DomainException.invalid('waterBodyId', `water body ${input.waterBodyId} does not exist`);
      }
      const repo = em.getRepository(FunctionZone);
      const saved = await repo.save(
        repo.create({
          name: input.name,
          waterBodyId: input.waterBodyId,
          targetClass: input.targetClass,
          // not given: unknown, never assumed met
          targetMet: input.targetMet ?? null,
        }),
      );
      await this.setGeometry(em, 'function_zone', saved.id, { geometry });
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'function_zone',
        entityId: saved.id,
        after: { ...saved, geometry },
      });
      return saved;
    });
  }

  listProtectedAreas(query: ProtectedAreaQueryDto): Promise<PageResult<ProtectedArea>> {
    const qb = this.dataSource.getRepository(ProtectedArea).createQueryBuilder('area');
    if (query.kind) qb.andWhere('area.kind = :kind', { kind: query.kind });
    return paginate(
      qb,
      query,
      { name: 'area.name', kind: 'area.kind', designatedOn: 'area.designatedOn' },
      'name',
      'area.id',
    );
  }

  async createProtectedArea(input: CreateProtectedAreaDto): Promise<ProtectedArea> {
    const geometry = assertGeometry('geometry', input.geometry, 'area');
    return this.dataSource.transaction(async (em) => {
      const [{ id }] = await em.query<{ id: string }[]>(
        `INSERT INTO protected_area (kind, name, designated_on, geometry, demo, version)
         VALUES ($1, $2, $3, ${MULTI_FROM_GEOJSON('$4')}, false, 1) RETURNING id`,
        [input.kind, input.name, input.designatedOn ?? null, geometry],
      );
      const saved = await em.getRepository(ProtectedArea).findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'protected_area',
        entityId: id,
        after: { ...saved, geometry },
      });
      await this.derivation.recomputeBan(em, null);
      return saved;
    });
  }

  async updateProtectedArea(id: string, input: UpdateProtectedAreaDto): Promise<ProtectedArea> {
    const geometry = input.geometry ? assertGeometry('geometry', input.geometry, 'area') : undefined;
    return this.dataSource.transaction(async (em) => {
      const locked = await em
        .getRepository(ProtectedArea)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw DomainException.notFound('Protected area', id);
      assertVersion('Protected area', locked.version, input.version);
      const { version: _v, geometry: _g, ...fields } = input;
      const saved = await em.getRepository(ProtectedArea).save({ ...locked, ...fields });
      if (geometry) await this.setGeometry(em, 'protected_area', id, { geometry });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'protected_area',
        entityId: id,
        before: locked,
        after: { ...saved, geometry },
      });
      await this.derivation.recomputeBan(em, null);
      return saved;
    });
  }

  async deleteProtectedArea(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const area = await em.getRepository(ProtectedArea).findOneBy({ id });
      if (!area) throw DomainException.notFound('Protected area', id);
      await em.getRepository(ProtectedArea).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'protected_area',
        entityId: id,
        before: area,
      });
      await this.derivation.recomputeBan(em, null);
    });
  }

  /** Writes validated GeoJSON columns (undefined: leave as is; null: clear). */
  private async setGeometry(
    em: EntityManager,
    table: string,
    id: string,
    columns: Record<string, string | null | undefined>,
  ): Promise<void> {
    for (const [column, geojson] of Object.entries(columns)) {
      if (geojson === undefined) continue;
      try {
        await em.query(
          `UPDATE ${table} SET ${column} = ${geojson === null ? 'NULL' : MULTI_FROM_GEOJSON('$2')} WHERE id = $1`,
          geojson === null ? [id] : [id, geojson],
        );
      } catch {
        throw DomainException.invalid(column, `${column} is not a valid geometry`);
      }
    }
  }
}
