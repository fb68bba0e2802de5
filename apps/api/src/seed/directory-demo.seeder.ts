import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday } from '@outfall/common';
import {
  MULTI_FROM_GEOJSON,
  OutfallDerivationService,
  ResponsibleEntitiesService,
  withCreditCodeCheck,
} from '@outfall/directory';
import {
  CATEGORY_CODES,
  DischargeMethod,
  DischargeMode,
  EntityKind,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { boxPolygon, DEMO_PROTECTED_AREAS, DEMO_WATERS, DEMO_ZONES, prng } from './directory-demo.data';

interface DemoOutfall {
  localCode: string;
  name: string;
  category: OutfallCategory;
  subType: string;
  longitude: number;
  latitude: number;
  waterBodyId: string;
  divisionId: string;
  /** The township came from a boundary (the demo's synthetic ones) rather than being assigned. */
  divisionDerived: boolean;
  discoveredOn: string;
  dischargeMode: string;
  dischargeMethod: string;
  sizeMm: number;
  entityId: string | null;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The directory part of the demo data: four rivers (two key rivers), protected areas, function zones,
 * synthetic responsible entities and about 300 outfalls across all categories, areas and townships,
 * including near-duplicates and outfalls inside a protected area. Deterministic, marked `demo`, written in
 * bulk (a few statements) rather than record by record.
 */
@Injectable()
export class DirectoryDemoSeeder {
  private readonly logger = new Logger(DirectoryDemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly derivation: OutfallDerivationService,
    private readonly entities: ResponsibleEntitiesService,
  ) {}

  async run(count = 300, today = new Date()): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [{ n }] = await em.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM water_body`);
      if (n > 0) return 0;
      const random = prng(20230816);
      const waters = await this.insertWaters(em);
      await this.insertLayers(em, waters);
      const townships = await em.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM division WHERE level IN ('township', 'sub_district') ORDER BY code`,
      );
      const entities = await this.insertEntities(em, townships, random);
      const outfalls = this.generateOutfalls(count, waters, townships, entities, random);
      await this.placeInTownships(em, outfalls, townships);
      await this.insertOutfalls(em, outfalls, random, today.getTime());
      await this.derivation.recomputeAll(em, null);
      const unowned = await em.query<{ id: string; division_id: string }[]>(
        `SELECT o.id, o.division_id FROM outfall o WHERE NOT EXISTS (SELECT 1 FROM outfall_entity l WHERE l.outfall_id = o.id)`,
      );
      for (const outfall of unowned) await this.entities.ensureFallback(em, outfall.id, outfall.division_id);
      await em.query(
        `INSERT INTO audit_log (actor_type, actor_name, action, entity_type, entity_id, after, diff, request_id)
         SELECT 'system', 'system', 'create', 'outfall', o.id::text, to_jsonb(o) - 'location',
                (SELECT jsonb_object_agg(f.key, jsonb_build_object('before', NULL, 'after', f.value))
                   FROM jsonb_each(to_jsonb(o) - 'location') f),
                'seed'
           FROM outfall o WHERE o.demo`,
      );
      this.logger.log(`seeded ${outfalls.length} demo outfalls on ${waters.size} water bodies`);
      return outfalls.length;
    });
  }

  private async insertWaters(
    em: EntityManager,
  ): Promise<
    Map<string, { id: string; line: [number, number][]; isKey: boolean; code: string; name: string }>
  > {
    const result = new Map<
      string,
      { id: string; line: [number, number][]; isKey: boolean; code: string; name: string }
    >();
    for (const water of DEMO_WATERS) {
      const [{ id }] = await em.query<{ id: string }[]>(
        `INSERT INTO water_body (code, name, kind, level, is_key, centerline, demo, version)
         VALUES ($1, $2, $3, $4, $5, ${MULTI_FROM_GEOJSON('$6')}, true, 1) RETURNING id`,
        [
          water.code,
          water.name,
          water.kind,
          water.level,
          water.isKey,
          JSON.stringify({ type: 'LineString', coordinates: water.line }),
        ],
      );
      result.set(water.code, {
        id,
        line: water.line,
        isKey: water.isKey,
        code: water.code,
        name: water.name,
      });
    }
    return result;
  }

  private async insertLayers(em: EntityManager, waters: Map<string, { id: string }>): Promise<void> {
    for (const area of DEMO_PROTECTED_AREAS) {
      await em.query(
        `INSERT INTO protected_area (kind, name, designated_on, geometry, demo, version) VALUES ($1, $2, $3, ${MULTI_FROM_GEOJSON('$4')}, true, 1)`,
        [area.kind, area.name, area.designatedOn, JSON.stringify(boxPolygon(area.box))],
      );
    }
    for (const zone of DEMO_ZONES) {
      await em.query(
        `INSERT INTO function_zone (name, water_body_id, target_class, target_met, demo, version) VALUES ($1, $2, $3, $4, true, 1)`,
        [zone.name, waters.get(zone.water)?.id, zone.targetClass, zone.targetMet],
      );
    }
  }

  private async insertEntities(
    em: EntityManager,
    townships: { id: string; name: string }[],
    random: () => number,
  ): Promise<Map<OutfallCategory, string[]>> {
    const plan: { kind: EntityKind; category: OutfallCategory; count: number; label: string }[] = [
      {
        kind: EntityKind.Enterprise,
        category: OutfallCategory.Industrial,
        count: 18,
        label: '化工建材有限公司',
      },
      {
        kind: EntityKind.WwtpOperator,
        category: OutfallCategory.UrbanWwtp,
        count: 3,
        label: '污水处理有限公司',
      },
      {
        kind: EntityKind.Farm,
        category: OutfallCategory.Agricultural,
        count: 10,
        label: '生态养殖专业合作社',
      },
      {
        kind: EntityKind.Institution,
        category: OutfallCategory.Other,
        count: 4,
        label: '农村污水处理站管理所',
      },
    ];
    const byCategory = new Map<OutfallCategory, string[]>();
    let serial = 1;
    for (const group of plan) {
      for (let i = 0; i < group.count; i++) {
        const township = townships[Math.floor(random() * townships.length)];
        const code = withCreditCodeCheck(`91652301MA78${String(serial).padStart(5, '0')}`);
        const [{ id }] = await em.query<{ id: string }[]>(
          `INSERT INTO responsible_entity (name, kind, credit_code, legal_representative, contact_name, contact_phone, address, division_id, in_industrial_park, demo, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, 1) RETURNING id`,
          [
            `昌吉演示${serial}号${group.label}`,
            group.kind,
            code,
            `法人${serial}（演示）`,
            `联系人${serial}（演示）`,
            `1380001${String(serial).padStart(4, '0')}`,
            `${township.name}演示路${serial}号`,
            township.id,
            group.kind === EntityKind.Enterprise && i % 3 === 0,
          ],
        );
        byCategory.set(group.category, [...(byCategory.get(group.category) ?? []), id]);
        serial++;
      }
    }
    return byCategory;
  }

  private generateOutfalls(
    count: number,
    waters: Map<string, { id: string; line: [number, number][]; isKey: boolean; code: string; name: string }>,
    townships: { id: string; name: string }[],
    entities: Map<OutfallCategory, string[]>,
    random: () => number,
  ): DemoOutfall[] {
    const waterList = [...waters.values()];
    const sequence = new Map<string, number>();
    const outfalls: DemoOutfall[] = [];
    const categories = Object.values(OutfallCategory);
    const modes = Object.values(DischargeMode);
    const methods = Object.values(DischargeMethod);
    const start = Date.UTC(2023, 7, 20);
    for (let i = 0; i < count; i++) {
      const previous = outfalls[outfalls.length - 1];
      const nearDuplicate = previous && i % 30 === 29;
      const insideProtected = i % 50 === 7;
      const water =
        (insideProtected
          ? waters.get('STH')
          : nearDuplicate
            ? waterList.find((w) => w.id === previous.waterBodyId)
            : undefined) ?? waterList[Math.floor(random() * waterList.length)];
      const category = nearDuplicate
        ? previous.category
        : categories[Math.floor(random() * categories.length)];
      const subTypes = SUB_TYPES_BY_CATEGORY[category];
      const subType = subTypes[Math.floor(random() * subTypes.length)];
      let longitude: number;
      let latitude: number;
      if (nearDuplicate) {
        longitude = previous.longitude + 0.0001; // ≈ 8 m east
        latitude = previous.latitude + 0.00005;
      } else if (insideProtected) {
        longitude = 87.12 + random() * 0.03;
        latitude = 43.69 + random() * 0.02;
      } else {
        const segment = Math.floor(random() * (water.line.length - 1));
        const f = random();
        const [x1, y1] = water.line[segment];
        const [x2, y2] = water.line[segment + 1];
        const offsetM = (random() < 0.5 ? -1 : 1) * (water.isKey ? random() * 2500 : random() * 1500);
        latitude = y1 + (y2 - y1) * f;
        longitude = x1 + (x2 - x1) * f + offsetM / (111_320 * Math.cos((latitude * Math.PI) / 180));
      }
      const township =
        (nearDuplicate ? townships.find((t) => t.id === previous.divisionId) : undefined) ??
        townships[i % townships.length];
      const prefix = `${water.code}-${CATEGORY_CODES[category]}-`;
      const seq = (sequence.get(prefix) ?? 0) + 1;
      sequence.set(prefix, seq);
      const owners = entities.get(category) ?? [];
      const entityId =
        category === OutfallCategory.Other && random() < 0.7
          ? null
          : owners.length
            ? owners[Math.floor(random() * owners.length)]
            : null;
      outfalls.push({
        localCode: `${prefix}${String(seq).padStart(4, '0')}`,
        name: `${township.name}${water.name}${OUTFALL_SUB_TYPE_LABELS[subType].zh.replace('排污口', '')}${seq}号排口（演示）`,
        category,
        subType,
        longitude: Math.round(longitude * 1e6) / 1e6,
        latitude: Math.round(latitude * 1e6) / 1e6,
        waterBodyId: water.id,
        divisionId: township.id,
        divisionDerived: false,
        discoveredOn: isoDay(start + Math.floor(random() * 300) * DAY),
        dischargeMode: modes[Math.floor(random() * modes.length)],
        dischargeMethod: methods[Math.floor(random() * methods.length)],
        sizeMm: 200 + Math.floor(random() * 16) * 50,
        entityId,
      });
    }
    return outfalls;
  }

  /**
   * Where township boundaries exist (the seed's synthetic ones, or loaded ones), each demo outfall lies in
   * the township whose boundary contains it; the others keep the township they were dealt, among the
   * townships without a boundary (or, when every township has one, as dealt).
   */
  private async placeInTownships(
    em: EntityManager,
    outfalls: DemoOutfall[],
    townships: { id: string; name: string }[],
  ): Promise<void> {
    const rows = await em.query<{ i: string; id: string | null }[]>(
      `SELECT p.i, (SELECT d.id FROM division d
                     WHERE d.boundary IS NOT NULL AND d.level IN ('township', 'sub_district')
                       AND ST_Contains(d.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
                     ORDER BY ST_Area(d.boundary) LIMIT 1) AS id
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)`,
      [outfalls.map((o) => o.longitude), outfalls.map((o) => o.latitude)],
    );
    if (rows.every((row) => !row.id)) return;
    const bounded = new Set(
      (await em.query<{ id: string }[]>(`SELECT id FROM division WHERE boundary IS NOT NULL`)).map(
        (r) => r.id,
      ),
    );
    const open = townships.filter((t) => !bounded.has(t.id));
    const nameOf = new Map(townships.map((t) => [t.id, t.name]));
    rows.forEach((row, index) => {
      const outfall = outfalls[Number(row.i) - 1];
      const dealt = outfall.divisionId;
      const divisionId = row.id ?? (open.length ? open[index % open.length].id : dealt);
      outfall.name = `${nameOf.get(divisionId) ?? ''}${outfall.name.slice((nameOf.get(dealt) ?? '').length)}`;
      outfall.divisionId = divisionId;
      outfall.divisionDerived = !!row.id;
    });
  }

  private async insertOutfalls(
    em: EntityManager,
    outfalls: DemoOutfall[],
    random: () => number,
    now: number,
  ): Promise<void> {
    const today = beijingToday(new Date(now));
    for (let offset = 0; offset < outfalls.length; offset += 100) {
      const chunk = outfalls.slice(offset, offset + 100);
      const values: unknown[] = [];
      const rows = chunk.map((o, index) => {
        const p = index * 13;
        values.push(
          o.localCode,
          o.name,
          o.category,
          o.subType,
          o.longitude,
          o.latitude,
          o.waterBodyId,
          o.divisionId,
          o.discoveredOn,
          o.dischargeMode,
          o.dischargeMethod,
          o.sizeMm,
          o.divisionDerived,
        );
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, ST_SetSRID(ST_MakePoint($${p + 5}, $${p + 6}), 4326), $${p + 7}, $${p + 8}, $${p + 9}, $${p + 10}, $${p + 11}, $${p + 12}, $${p + 13}, true, 1)`;
      });
      const inserted = await em.query<{ id: string; local_code: string }[]>(
        `INSERT INTO outfall (local_code, name, category, sub_type, longitude, latitude, location, water_body_id, division_id, discovered_on,
                              discharge_mode, discharge_method, size_mm, division_derived, demo, version)
         VALUES ${rows.join(', ')} RETURNING id, local_code`,
        values,
      );
      const idByCode = new Map(inserted.map((row) => [row.local_code, row.id]));
      for (const o of chunk) {
        const id = idByCode.get(o.localCode);
        if (!id) throw new Error(`demo outfall ${o.localCode} was not inserted`);
        if (o.entityId) {
          await em.query(
            `INSERT INTO outfall_entity (outfall_id, entity_id, is_main, metering_installed) VALUES ($1, $2, true, false)`,
            [id, o.entityId],
          );
        }
        // milestones in order, never in the future
        let date = Date.parse(o.discoveredOn);
        const events: [string, number][] = [['registered', Math.floor(random() * 10)]];
        if (random() < 0.8) events.push(['investigated', 5 + Math.floor(random() * 35)]);
        if (events.length === 2 && random() < 0.5) events.push(['traced', 10 + Math.floor(random() * 90)]);
        for (const [type, days] of events) {
          date += days * DAY;
          const effectiveOn = isoDay(date) > today ? today : isoDay(date);
          if (type === 'traced') {
            // "traced" belongs to the tracing workflow: a complete tracing record backs it (docs/milestones.md)
            await em.query(
              `INSERT INTO tracing_record (outfall_id, traced_on, method, conclusion, complete, completed_on, version)
               VALUES ($1, $2, 'site_survey', '示例数据：现场排查溯源', true, $2, 1)`,
              [id, effectiveOn],
            );
          }
          await em.query(
            `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note) VALUES ($1, $2, $3, $4, $5)`,
            [
              id,
              type,
              effectiveOn,
              type === 'traced' ? 'workflow' : 'import',
              type === 'traced' ? '溯源完成' : null,
            ],
          );
        }
      }
    }
  }
}
