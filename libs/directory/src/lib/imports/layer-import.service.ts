import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  CommonErrorCode,
  DomainException,
  FieldError,
  hasPermission,
  parseCalendarDay,
  Principal,
} from '@outfall/common';
import { Division, OrgService } from '@outfall/org';
import {
  AuditAction,
  LabelMap,
  Permission,
  PROTECTED_AREA_KIND_LABELS,
  ProtectedAreaKind,
  WATER_KIND_LABELS,
  WATER_LEVEL_LABELS,
  WaterClass,
  WaterKind,
  WaterLevel,
} from '@outfall/shared-types';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { assertGeometry, MULTI_FROM_GEOJSON } from '../geo.util';
import { OutfallDerivationService } from '../outfalls/outfall-derivation.service';
import { OutfallsService } from '../outfalls/outfalls.service';
import type { LayerImportResult } from '../dto/import.dto';
import { ImportJobResult, ImportMode } from './import-run';
import { isXlsx, readSpreadsheet } from './spreadsheet.util';

export enum Layer {
  WaterBodies = 'water_bodies',
  FunctionZones = 'function_zones',
  ProtectedAreas = 'protected_areas',
  /** Township / sub-district boundaries, matched by division code; outfalls' townships are derived again. */
  Divisions = 'divisions',
}

export const MAX_LAYER_FEATURES = 2000;

/** One feature: its properties (by Chinese or English name) and its geometry as GeoJSON text. */
interface Feature {
  file: string;
  row: number;
  props: Record<string, unknown>;
  geometry: unknown;
}

const ALIASES: Record<string, string> = {
  编码: 'code',
  代码: 'code',
  名称: 'name',
  类型: 'kind',
  级别: 'level',
  重点河流: 'isKey',
  水体: 'water',
  所在水体: 'water',
  水质目标: 'targetClass',
  目标水质: 'targetClass',
  是否达标: 'targetMet',
  划定日期: 'designatedOn',
  几何: 'geometry',
  边界: 'geometry',
  区划代码: 'code',
  来源: 'source',
  数据来源: 'source',
  'geometry(geojson)': 'geometry',
  '几何(geojson/wkt)': 'geometry',
  '几何（geojson/wkt）': 'geometry',
};

/** The first row an INSERT/UPDATE … RETURNING gave (the pg driver answers UPDATE as [rows, count]). */
async function returning(em: EntityManager, sql: string, params: unknown[]): Promise<{ id: string }> {
  const result = (await em.query(sql, params)) as unknown[];
  const rows = Array.isArray(result[0]) ? (result[0] as { id: string }[]) : (result as { id: string }[]);
  return rows[0];
}

function fromLabel<T extends string>(labels: LabelMap<T>, value: unknown): T | undefined {
  const text = String(value ?? '').trim();
  return (Object.keys(labels) as T[]).find(
    (k) => k === text || labels[k].zh === text || labels[k].en === text,
  );
}
/**
 * A zone's target status from a layer property: yes → true, no → false, empty or 未知/unknown → null
 * (unknown is stored as unknown, never as met); anything else → undefined (a row error).
 */
export function targetMetOf(value: unknown): boolean | null | undefined {
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['', '未知', 'unknown', '不详', 'null'].includes(text)) return null;
  if (['true', '1', '是', 'y', 'yes', '达标'].includes(text)) return true;
  if (['false', '0', '否', 'n', 'no', '未达标', '不达标'].includes(text)) return false;
  return undefined;
}

const yes = (value: unknown) =>
  ['true', '1', '是', 'y', 'yes'].includes(
    String(value ?? '')
      .trim()
      .toLowerCase(),
  );

/**
 * Imports a reference layer (water bodies, water-function zones, protected areas, division boundaries) from a
 * GeoJSON FeatureCollection or an XLSX sheet whose geometry column holds GeoJSON or WKT. Every feature is
 * checked; keys: water body code, zone name on its water, protected-area name, division code (a re-import
 * updates). One transaction: all or nothing, or the valid features only; derived outfall facts are recomputed
 * once at the end (for division boundaries: the outfalls' townships, see `OutfallsService.rederiveDivisions`).
 */
@Injectable()
export class LayerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly derivation: OutfallDerivationService,
    private readonly org: OrgService,
    private readonly outfalls: OutfallsService,
  ) {}

  async import(
    principal: Principal,
    layer: Layer,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
    mode: ImportMode,
  ): Promise<LayerImportResult> {
    // boundaries decide which township an outfall belongs to: they are the divisions' data (system admins)
    if (layer === Layer.Divisions && !hasPermission(principal, Permission.OrgWrite)) {
      throw DomainException.forbidden(
        '只有系统管理员可以导入乡镇（街道）边界 / only system administrators load division boundaries',
      );
    }
    if (!file) throw DomainException.invalid('file', 'attach the file as the multipart field "file"');
    if (!file.size) throw DomainException.invalid('file', 'the file is empty');
    const features = await this.read(file, layer === Layer.Divisions ? '区划代码' : '名称');
    const result: LayerImportResult = {
      mode,
      rows: features.length,
      created: 0,
      updated: 0,
      rejected: 0,
      committed: false,
      errors: [],
    };
    class Rollback extends Error {}
    try {
      await this.dataSource.transaction(async (em) => {
        for (const feature of features) {
          // a savepoint per feature: a geometry PostGIS refuses rejects that feature, not the transaction
          await em.query('SAVEPOINT layer_feature');
          const errors = await this.feature(em, layer, feature, result).catch((error: unknown) => {
            if (error instanceof DomainException)
              return error.details.length ? error.details : [{ field: 'row', message: error.message }];
            if (error instanceof QueryFailedError)
              return [{ field: 'geometry', message: `the feature could not be stored: ${error.message}` }];
            throw error;
          });
          await em.query(
            errors.length ? 'ROLLBACK TO SAVEPOINT layer_feature' : 'RELEASE SAVEPOINT layer_feature',
          );
          if (errors.length) {
            result.rejected++;
            errors.forEach(
              (e) => result.errors.length < 1000 && result.errors.push({ row: feature.row, ...e }),
            );
          }
        }
        if (mode === ImportMode.AllOrNothing && result.rejected) throw new Rollback();
        if (layer === Layer.WaterBodies) await this.derivation.recomputeArea(em, null);
        if (layer === Layer.ProtectedAreas) await this.derivation.recomputeBan(em, null);
        if (layer === Layer.Divisions) {
          const { moved, flagged } = await this.outfalls.rederiveDivisions(em);
          result.outfallsMoved = moved;
          result.outfallsFlagged = flagged;
        }
      });
      result.committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      result.created = 0;
      result.updated = 0;
    }
    return result;
  }

  /** `anchor`: the header that marks an XLSX sheet's header row. */
  private async read(file: { originalname: string; buffer: Buffer }, anchor: string): Promise<Feature[]> {
    const name = file.originalname.toLowerCase();
    const refuse = (message: string) =>
      new DomainException(CommonErrorCode.UnsupportedMediaType, message, HttpStatus.UNSUPPORTED_MEDIA_TYPE, [
        { field: 'file', message },
      ]);
    let features: Feature[];
    if (name.endsWith('.xlsx')) {
      if (!isXlsx(file.buffer)) throw refuse('the file is not a readable XLSX workbook');
      const sheet = await readSpreadsheet(file.buffer, file.originalname, anchor, MAX_LAYER_FEATURES).catch(
        (error: Error) => {
          throw DomainException.invalid('file', error.message);
        },
      );
      features = sheet.rows.map(({ row, values }) => {
        const props: Record<string, unknown> = {};
        for (const [header, value] of Object.entries(values))
          props[ALIASES[header.trim().toLowerCase()] ?? ALIASES[header.trim()] ?? header.trim()] = value;
        const geometry = props.geometry;
        delete props.geometry;
        return { file: file.originalname, row, props, geometry };
      });
    } else if (name.endsWith('.geojson') || name.endsWith('.json')) {
      let parsed: {
        type?: string;
        features?: { properties?: Record<string, unknown>; geometry?: unknown }[];
      };
      try {
        parsed = JSON.parse(file.buffer.toString('utf8').replace(/^\uFEFF/, '')) as typeof parsed;
      } catch {
        throw DomainException.invalid('file', 'the file is not valid JSON');
      }
      if (parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features))
        throw DomainException.invalid('file', 'a GeoJSON FeatureCollection is expected');
      features = parsed.features.map((f, i) => {
        const props: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(f.properties ?? {})) props[ALIASES[key] ?? key] = value;
        return { file: file.originalname, row: i + 1, props, geometry: f.geometry };
      });
    } else {
      throw refuse('only .geojson / .json FeatureCollections and .xlsx workbooks can be imported');
    }
    if (!features.length) throw DomainException.invalid('file', 'the file holds no feature');
    if (features.length > MAX_LAYER_FEATURES)
      throw DomainException.invalid('file', `at most ${MAX_LAYER_FEATURES} features a file`);
    return features;
  }

  /** GeoJSON object, GeoJSON text or WKT (converted by PostGIS) → validated GeoJSON text. */
  private async geometry(
    em: EntityManager,
    value: unknown,
    kind: 'line' | 'area',
    field: string,
  ): Promise<string | null> {
    if (value === null || value === undefined || value === '') return null;
    let geojson: unknown = value;
    if (typeof value === 'string') {
      const text = value.trim();
      if (text.startsWith('{')) {
        try {
          geojson = JSON.parse(text);
        } catch {
          throw DomainException.invalid(field, `${field} is neither GeoJSON nor WKT`);
        }
      } else {
        const [row] = await em
          .query<{ json: string }[]>(`SELECT ST_AsGeoJSON(ST_GeomFromText($1, 4326)) AS json`, [text])
          .catch(() => [] as { json: string }[]);
        if (!row) throw DomainException.invalid(field, `${field} is neither GeoJSON nor WKT`);
        geojson = JSON.parse(row.json);
      }
    }
    return assertGeometry(field, geojson, kind);
  }

  private async feature(
    em: EntityManager,
    layer: Layer,
    feature: Feature,
    result: ImportJobResult,
  ): Promise<FieldError[]> {
    const p = feature.props;
    const errors: FieldError[] = [];
    const text = (key: string, max: number, required = true) => {
      const value = String(p[key] ?? '').trim();
      if (required && !value) errors.push({ field: key, message: `${key} is required` });
      else if (value.length > max)
        errors.push({ field: key, message: `${key} is longer than ${max} characters` });
      return value;
    };
    const name = text('name', layer === Layer.WaterBodies ? 64 : 100, layer !== Layer.Divisions);
    // a bad geometry is listed with the feature's other problems
    const geometryOf = (kind: 'line' | 'area') =>
      this.geometry(em, feature.geometry, kind, 'geometry').catch((error: unknown) => {
        if (!(error instanceof DomainException)) throw error;
        errors.push(...error.details);
        return null;
      });
    switch (layer) {
      case Layer.Divisions: {
        const code = String(p.code ?? '').trim();
        if (!code) errors.push({ field: 'code', message: 'code (区划代码) is required' });
        const geometry = await geometryOf('area');
        if (!geometry && !errors.some((e) => e.field === 'geometry'))
          errors.push({ field: 'geometry', message: 'a division boundary needs its polygon' });
        if (errors.length || !geometry) return errors;
        const known = await em.getRepository(Division).findOneBy({ code });
        if (!known) return [{ field: 'code', message: `no division has the code ${code}` }];
        if (name && name !== known.name)
          return [{ field: 'name', message: `division ${code} is ${known.name}, not ${name}` }];
        const source = String(p.source ?? '').trim() || `图层导入 / layer import: ${feature.file}`;
        await this.org.setBoundary(em, code, geometry, source);
        result.updated++;
        return [];
      }
      case Layer.WaterBodies: {
        const code = String(p.code ?? '')
          .trim()
          .toUpperCase();
        if (!/^[A-Z][A-Z0-9]{1,15}$/.test(code))
          errors.push({
            field: 'code',
            message: 'code must be 2–16 capital letters or digits, starting with a letter',
          });
        const kind = fromLabel(WATER_KIND_LABELS, p.kind ?? WaterKind.River);
        if (!kind)
          errors.push({
            field: 'kind',
            message: `kind must be one of: ${Object.values(WaterKind).join(', ')}`,
          });
        const level = fromLabel(WATER_LEVEL_LABELS, p.level ?? WaterLevel.County);
        if (!level)
          errors.push({
            field: 'level',
            message: `level must be one of: ${Object.values(WaterLevel).join(', ')}`,
          });
        const isPolygon =
          /Polygon/.test(JSON.stringify(feature.geometry ?? '')) ||
          /^\s*(MULTI)?POLYGON/i.test(String(feature.geometry ?? ''));
        const geometry = await geometryOf(isPolygon ? 'area' : 'line');
        if (errors.length) return errors;
        const existing = await em.query<{ id: string }[]>(`SELECT id FROM water_body WHERE code = $1`, [
          code,
        ]);
        const column = isPolygon ? 'shoreline' : 'centerline';
        const params = [code, name, kind, level, yes(p.isKey), geometry];
        const geo = geometry ? MULTI_FROM_GEOJSON('$6') : 'NULL';
        const row = existing.length
          ? await returning(
              em,
              `UPDATE water_body SET name = $2, kind = $3, level = $4, is_key = $5,
                      ${column} = COALESCE(${geo}, ${column}), version = version + 1, updated_at = now()
                WHERE code = $1 RETURNING id`,
              params,
            )
          : await returning(
              em,
              `INSERT INTO water_body (code, name, kind, level, is_key, ${column}, demo, version)
               VALUES ($1, $2, $3, $4, $5, ${geo}, false, 1) RETURNING id`,
              params,
            );
        await this.audit.record(em, {
          action: existing.length ? AuditAction.Update : AuditAction.Create,
          entityType: 'water_body',
          entityId: row.id,
          after: { code, name, kind, level, isKey: yes(p.isKey), [column]: geometry, source: 'layer import' },
        });
        if (existing.length) result.updated++;
        else result.created++;
        return [];
      }
      case Layer.FunctionZones: {
        const water = String(p.water ?? p.waterCode ?? '').trim();
        const [found] = water
          ? await em.query<{ id: string }[]>(
              `SELECT id FROM water_body WHERE code = $1 OR name = $1 LIMIT 1`,
              [water],
            )
          : [];
        if (!found)
          errors.push({
            field: 'water',
            message: `water body ${water || '(empty)'} does not exist (give its code or name)`,
          });
        const targetClass = String(p.targetClass ?? '')
          .trim()
          .toUpperCase()
          .replace(/类$/, '') as WaterClass;
        if (!Object.values(WaterClass).includes(targetClass))
          errors.push({ field: 'targetClass', message: 'targetClass must be one of: I, II, III, IV, V' });
        const targetMet = targetMetOf(p.targetMet);
        if (targetMet === undefined)
          errors.push({
            field: 'targetMet',
            message: 'targetMet must be 是/否/未知 (yes, no or unknown; empty is unknown)',
          });
        const geometry = await geometryOf('area');
        if (errors.length || !found || targetMet === undefined) return errors;
        const existing = await em.query<{ id: string }[]>(
          `SELECT id FROM function_zone WHERE water_body_id = $1 AND name = $2`,
          [found.id, name],
        );
        const geo = geometry ? MULTI_FROM_GEOJSON('$5') : 'NULL';
        const params = [found.id, name, targetClass, targetMet, geometry];
        const row = existing.length
          ? await returning(
              em,
              `UPDATE function_zone SET target_class = $3, target_met = $4, geometry = COALESCE(${geo}, geometry),
                      version = version + 1, updated_at = now()
                WHERE water_body_id = $1 AND name = $2 RETURNING id`,
              params,
            )
          : await returning(
              em,
              `INSERT INTO function_zone (water_body_id, name, target_class, target_met, geometry, demo, version)
               VALUES ($1, $2, $3, $4, ${geo}, false, 1) RETURNING id`,
              params,
            );
        await this.audit.record(em, {
          action: existing.length ? AuditAction.Update : AuditAction.Create,
          entityType: 'function_zone',
          entityId: row.id,
          after: { name, waterBodyId: found.id, targetClass, targetMet, geometry, source: 'layer import' },
        });
        if (existing.length) result.updated++;
        else result.created++;
        return [];
      }
      case Layer.ProtectedAreas: {
        const kind = fromLabel(PROTECTED_AREA_KIND_LABELS, p.kind);
        if (!kind)
          errors.push({
            field: 'kind',
            message: `kind must be one of: ${Object.values(ProtectedAreaKind).join(', ')}`,
          });
        // the one calendar-day rule (Beijing day); an empty cell leaves the date unknown
        const designatedText = typeof p.designatedOn === 'string' ? p.designatedOn.trim() : p.designatedOn;
        let designatedOn: string | null = null;
        if (designatedText !== undefined && designatedText !== null && designatedText !== '') {
          const parsed = parseCalendarDay(designatedText, 'designatedOn');
          if ('error' in parsed) errors.push({ field: 'designatedOn', message: parsed.error });
          else designatedOn = parsed.day;
        }
        const geometry = await geometryOf('area');
        if (!geometry && !errors.some((e) => e.field === 'geometry'))
          errors.push({ field: 'geometry', message: 'a protected area needs its polygon' });
        if (errors.length) return errors;
        const existing = await em.query<{ id: string }[]>(`SELECT id FROM protected_area WHERE name = $1`, [
          name,
        ]);
        const params = [name, kind, designatedOn, geometry];
        const row = existing.length
          ? await returning(
              em,
              `UPDATE protected_area SET kind = $2, designated_on = $3, geometry = ${MULTI_FROM_GEOJSON('$4')},
                      version = version + 1, updated_at = now() WHERE name = $1 RETURNING id`,
              params,
            )
          : await returning(
              em,
              `INSERT INTO protected_area (name, kind, designated_on, geometry, demo, version)
               VALUES ($1, $2, $3, ${MULTI_FROM_GEOJSON('$4')}, false, 1) RETURNING id`,
              params,
            );
        await this.audit.record(em, {
          action: existing.length ? AuditAction.Update : AuditAction.Create,
          entityType: 'protected_area',
          entityId: row.id,
          after: { name, kind, designatedOn, geometry, source: 'layer import' },
        });
        if (existing.length) result.updated++;
        else result.created++;
        return [];
      }
    }
  }
}
