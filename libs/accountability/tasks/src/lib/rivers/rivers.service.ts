import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { AppConfig } from '@outfall/config';
import { DomainException, likePattern, PageResult, paginate, Principal } from '@outfall/common';
import { assertGeometry } from '@outfall/directory';
import { assertVersion } from '@outfall/org';
import { AuditAction, MILESTONE_LABELS, MILESTONE_ORDER } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateRiverChiefDto,
  CreateRiverSectionDto,
  RiverChiefQueryDto,
  RiverSectionQueryDto,
  UpdateRiverChiefDto,
  UpdateRiverSectionDto,
} from '../dto/tasks.dto';
import { TasksErrorCode, TasksException } from '../tasks.exception';
import { asOfDay } from '../tasks/tasks.service';
import { RiverChief, RiverSection } from './river.entity';

/** A section's geometry from GeoJSON: a line (LineString/MultiLineString) or an area (Polygon/MultiPolygon). */
export function sectionGeometry(value: unknown): string {
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'Polygon' || type === 'MultiPolygon') return assertGeometry('geometry', value, 'area');
  if (type === 'LineString' || type === 'MultiLineString') return assertGeometry('geometry', value, 'line');
  throw DomainException.invalid(
    'geometry',
    'geometry must be a GeoJSON LineString, MultiLineString, Polygon or MultiPolygon',
  );
}

/**
 * Rivers and sections (河段) with their river chiefs (河湖长制), the link of outfalls to sections, and the
 * chief's view of a section. Sections and chiefs are city-wide reference data: every account with
 * directory:read reads them; writes need river-chief:write. The outfalls in a chief's view follow the
 * reader's jurisdiction like every outfall read.
 */
@Injectable()
export class RiversService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  get linkDistanceM(): number {
    return this.config.RIVER_SECTION_LINK_DISTANCE_M;
  }

  // ---- sections ----

  async listSections(query: RiverSectionQueryDto): Promise<PageResult<RiverSection>> {
    const qb = this.dataSource
      .getRepository(RiverSection)
      .createQueryBuilder('section')
      .leftJoin('section.waterBody', 'water')
      .addSelect(['water.name']);
    if (query.waterBodyId) qb.andWhere('section.waterBodyId = :w', { w: query.waterBodyId });
    if (query.q) qb.andWhere('section.name ILIKE :q', { q: likePattern(query.q) });
    const page = await paginate(
      qb,
      query,
      { name: 'section.name', water: 'water.name', updatedAt: 'section.updatedAt' },
      'water,name',
      'section.id',
    );
    return { ...page, items: await this.decorate(this.dataSource.manager, page.items) };
  }

  /** Adds the water body's name, the GeoJSON and the linked-outfall count. */
  private async decorate(em: EntityManager, sections: RiverSection[]): Promise<RiverSection[]> {
    if (!sections.length) return sections;
    const rows = await em.query<{ id: string; water: string; geojson: string | null; outfalls: number }[]>(
      `SELECT s.id, w.name AS water, ST_AsGeoJSON(s.geometry, 7) AS geojson,
              (SELECT count(*) FROM outfall_section os WHERE os.section_id = s.id)::int AS outfalls
         FROM river_section s JOIN water_body w ON w.id = s.water_body_id WHERE s.id = ANY($1)`,
      [sections.map((s) => s.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return sections.map((s) => {
      const row = byId.get(s.id);
      const { waterBody: _w, ...plain } = s;
      return Object.assign(new RiverSection(), plain, {
        waterBodyName: row?.water ?? null,
        geojson: row?.geojson ? (JSON.parse(row.geojson) as object) : null,
        outfallCount: row?.outfalls ?? 0,
      });
    });
  }

  async getSection(id: string, em: EntityManager = this.dataSource.manager): Promise<RiverSection> {
    const section = await em.getRepository(RiverSection).findOneBy({ id });
    if (!section) throw DomainException.notFound('RiverSection', id);
    return (await this.decorate(em, [section]))[0];
  }

  private async assertWater(em: EntityManager, id: string): Promise<void> {
    const [row] = await em.query<{ id: string }[]>(`SELECT id FROM water_body WHERE id = $1`, [id]);
    if (!row) throw DomainException.invalid('waterBodyId', `water body ${id} does not exist`);
  }

  private async assertNameFree(em: EntityManager, waterBodyId: string, name: string, exceptId?: string) {
    const [row] = await em.query<{ id: string }[]>(
      `SELECT id FROM river_section WHERE water_body_id = $1 AND name = $2`,
      [waterBodyId, name],
    );
    if (row && row.id !== exceptId)
      throw new TasksException(
        TasksErrorCode.SectionNameTaken,
        `this water body already has a section named ${name}`,
        'name',
      );
  }

  async createSection(input: CreateRiverSectionDto, options: { demo?: boolean } = {}): Promise<RiverSection> {
    const geojson = input.geometry ? sectionGeometry(input.geometry) : null;
    return this.dataSource.transaction(async (em) => {
      await this.assertWater(em, input.waterBodyId);
      await this.assertNameFree(em, input.waterBodyId, input.name);
      const repo = em.getRepository(RiverSection);
      const saved = await repo.save(
        repo.create({
          waterBodyId: input.waterBodyId,
          name: input.name,
          fromDescription: input.fromDescription ?? null,
          toDescription: input.toDescription ?? null,
          demo: options.demo ?? false,
        }),
      );
      if (geojson) {
        await this.setGeometry(em, saved.id, geojson);
        await this.relink(em, [input.waterBodyId]);
      }
      const after = await this.getSection(saved.id, em);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'river_section',
        entityId: saved.id,
        after,
      });
      return after;
    });
  }

  private async setGeometry(em: EntityManager, id: string, geojson: string | null): Promise<void> {
    if (geojson) {
      const [check] = await em.query<{ valid: boolean; reason: string }[]>(
        `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
           FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) x`,
        [geojson],
      );
      if (!check.valid)
        throw DomainException.invalid('geometry', `the geometry is not valid: ${check.reason}`);
    }
    await em.query(
      `UPDATE river_section SET geometry = CASE WHEN $2::text IS NULL THEN NULL
              ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326)) END WHERE id = $1`,
      [id, geojson],
    );
  }

  async updateSection(id: string, input: UpdateRiverSectionDto): Promise<RiverSection> {
    const geojson =
      input.geometry === undefined ? undefined : input.geometry ? sectionGeometry(input.geometry) : null;
    return this.dataSource.transaction(async (em) => {
      const section = await em
        .getRepository(RiverSection)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!section) throw DomainException.notFound('RiverSection', id);
      assertVersion('RiverSection', section.version, input.version);
      const before = await this.getSection(id, em);
      if (input.name !== undefined) {
        await this.assertNameFree(em, section.waterBodyId, input.name, id);
        section.name = input.name;
      }
      if (input.fromDescription !== undefined) section.fromDescription = input.fromDescription || null;
      if (input.toDescription !== undefined) section.toDescription = input.toDescription || null;
      section.updatedAt = new Date();
      await em.getRepository(RiverSection).save(section);
      if (geojson !== undefined) {
        await this.setGeometry(em, id, geojson);
        // the geometry changed: the water body's outfalls are linked again
        await this.relink(em, [section.waterBodyId]);
      }
      const after = await this.getSection(id, em);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'river_section',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async removeSection(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const before = await this.getSection(id, em);
      const [{ chiefs }] = await em.query<{ chiefs: number }[]>(
        `SELECT count(*)::int AS chiefs FROM river_chief WHERE section_id = $1`,
        [id],
      );
      if (chiefs)
        throw new TasksException(
          TasksErrorCode.SectionHasChiefs,
          `河段仍有 ${chiefs} 名河湖长，先调整河湖长再删除河段 (the section still has river chiefs)`,
        );
      await em.getRepository(RiverSection).delete({ id });
      await this.relink(em, [before.waterBodyId]);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'river_section',
        entityId: id,
        before,
      });
    });
  }

  /**
   * Links outfalls to sections, set-based: each active outfall of the given water bodies (all when omitted)
   * goes to the nearest section of its own water body whose geometry lies within the link distance
   * (geography metres; ties by section id); outfalls with none are unlinked. Returns how many are linked.
   */
  async relink(em: EntityManager = this.dataSource.manager, waterBodyIds?: string[]): Promise<number> {
    const scope = waterBodyIds ? `o.water_body_id = ANY($2::uuid[])` : 'TRUE';
    const params: unknown[] = [this.linkDistanceM];
    if (waterBodyIds) params.push(waterBodyIds);
    await em.query(
      `DELETE FROM outfall_section os USING outfall o
        WHERE os.outfall_id = o.id AND ${waterBodyIds ? 'o.water_body_id = ANY($1::uuid[])' : 'TRUE'}`,
      waterBodyIds ? [waterBodyIds] : [],
    );
    const rows = await em.query<{ outfall_id: string }[]>(
      `INSERT INTO outfall_section (outfall_id, section_id, distance_m)
       SELECT DISTINCT ON (o.id) o.id, s.id, ST_Distance(o.location::geography, s.geometry::geography)
         FROM outfall o
         JOIN river_section s ON s.water_body_id = o.water_body_id AND s.geometry IS NOT NULL
        WHERE o.status = 'active' AND ${scope}
          AND ST_DWithin(o.location::geography, s.geometry::geography, $1)
        ORDER BY o.id, ST_Distance(o.location::geography, s.geometry::geography), s.id
       RETURNING outfall_id`,
      params,
    );
    return rows.length;
  }

  /** Relinks every outfall (after outfalls were moved or imported); audited as one entry. */
  async relinkAll(): Promise<{ linked: number; distanceM: number }> {
    return this.dataSource.transaction(async (em) => {
      const linked = await this.relink(em);
      return { linked, distanceM: this.linkDistanceM };
    });
  }

  // ---- chiefs ----

  async listChiefs(query: RiverChiefQueryDto): Promise<PageResult<RiverChief>> {
    const qb = this.dataSource
      .getRepository(RiverChief)
      .createQueryBuilder('chief')
      .leftJoin('chief.section', 'section')
      .leftJoin('chief.unit', 'unit')
      .addSelect(['section.name', 'unit.name']);
    if (query.sectionId) qb.andWhere('chief.sectionId = :s', { s: query.sectionId });
    if (query.level) qb.andWhere('chief.level = :l', { l: query.level });
    if (query.unitId) qb.andWhere('chief.unitId = :u', { u: query.unitId });
    if (query.q) qb.andWhere('chief.name ILIKE :q', { q: likePattern(query.q) });
    const page = await paginate(
      qb,
      query,
      { name: 'chief.name', level: 'chief.level', section: 'section.name', updatedAt: 'chief.updatedAt' },
      'section,level',
      'chief.id',
    );
    return { ...page, items: page.items.map((c) => this.chiefView(c)) };
  }

  private chiefView(chief: RiverChief): RiverChief {
    const { section, unit, ...plain } = chief;
    return Object.assign(new RiverChief(), plain, {
      sectionName: section?.name ?? null,
      unitName: unit?.name ?? null,
    });
  }

  async getChief(id: string, em: EntityManager = this.dataSource.manager): Promise<RiverChief> {
    const chief = await em
      .getRepository(RiverChief)
      .findOne({ where: { id }, relations: { section: true, unit: true } });
    if (!chief) throw DomainException.notFound('RiverChief', id);
    return this.chiefView(chief);
  }

  private async assertRefs(em: EntityManager, sectionId?: string, unitId?: string) {
    if (sectionId) {
      const [s] = await em.query(`SELECT 1 FROM river_section WHERE id = $1`, [sectionId]);
      if (!s) throw DomainException.invalid('sectionId', `section ${sectionId} does not exist`);
    }
    if (unitId) {
      const [u] = await em.query(`SELECT 1 FROM unit WHERE id = $1`, [unitId]);
      if (!u) throw DomainException.invalid('unitId', `unit ${unitId} does not exist`);
    }
  }

  async createChief(input: CreateRiverChiefDto, options: { demo?: boolean } = {}): Promise<RiverChief> {
    return this.dataSource.transaction(async (em) => {
      await this.assertRefs(em, input.sectionId, input.unitId);
      const repo = em.getRepository(RiverChief);
      const saved = await repo.save(
        repo.create({ ...input, position: input.position ?? null, demo: options.demo ?? false }),
      );
      const after = await this.getChief(saved.id, em);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'river_chief',
        entityId: saved.id,
        after,
      });
      return after;
    });
  }

  async updateChief(id: string, input: UpdateRiverChiefDto): Promise<RiverChief> {
    return this.dataSource.transaction(async (em) => {
      const chief = await em
        .getRepository(RiverChief)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!chief) throw DomainException.notFound('RiverChief', id);
      assertVersion('RiverChief', chief.version, input.version);
      await this.assertRefs(em, undefined, input.unitId);
      const before = await this.getChief(id, em);
      const { version: _v, ...fields } = input;
      Object.assign(chief, fields);
      await em.getRepository(RiverChief).save(chief);
      const after = await this.getChief(id, em);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'river_chief',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async removeChief(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const before = await this.getChief(id, em);
      await em.getRepository(RiverChief).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'river_chief',
        entityId: id,
        before,
      });
    });
  }

  // ---- the chief's view ----

  /**
   * A section as its chief sees it (as of a Beijing day, default today): its chiefs, its linked outfalls with
   * the latest milestone reached, counts by milestone, and open problems — remediation plans past their
   * deadline and not completed, exceeding samples of the last 90 days, outfalls not traced after their tracing
   * deadline. Outfalls outside the reader's jurisdiction are left out.
   */
  async view(principal: Principal, id: string, asOfInput?: string | null) {
    const asOf = asOfDay(asOfInput);
    const section = await this.getSection(id);
    const chiefs = (await this.listChiefs({ sectionId: id, limit: 200 })).items;
    const params: unknown[] = [id, asOf];
    let scope = '';
    if (!principal.jurisdiction.cityWide) {
      params.push(principal.jurisdiction.divisionPath ?? '-');
      scope = `AND (d.path = $3 OR d.path LIKE $3 || '/%')`;
    }
    const base = `FROM outfall_section os JOIN outfall o ON o.id = os.outfall_id
                  JOIN division d ON d.id = o.division_id WHERE os.section_id = $1 ${scope}`;
    const order = MILESTONE_ORDER.map((m, i) => `WHEN '${m}' THEN ${i}`).join(' ');
    const outfalls = await this.dataSource.query<
      {
        id: string;
        localCode: string;
        name: string;
        category: string;
        township: string;
        distanceM: number;
        stage: string | null;
      }[]
    >(
      `SELECT o.id, o.local_code AS "localCode", o.name, o.category, d.name AS township,
              round(os.distance_m::numeric, 1)::float AS "distanceM",
              (SELECT e.type FROM outfall_event e WHERE e.outfall_id = o.id AND e.effective_on <= $2::date
                ORDER BY CASE e.type ${order} ELSE -1 END DESC LIMIT 1) AS stage
         ${base} ORDER BY o.local_code`,
      params,
    );
    const counts = await this.dataSource.query<{ type: string; count: number }[]>(
      `SELECT e.type, count(DISTINCT o.id)::int AS count ${base.replace(
        'WHERE os.section_id',
        'JOIN outfall_event e ON e.outfall_id = o.id AND e.effective_on <= $2::date WHERE os.section_id',
      )} GROUP BY e.type`,
      params,
    );
    const progress = MILESTONE_ORDER.map((m) => ({
      milestone: m,
      label: MILESTONE_LABELS[m].zh,
      count: counts.find((c) => c.type === m)?.count ?? 0,
    }));
    const overduePlans = await this.dataSource.query<object[]>(
      `SELECT p.id, o.id AS "outfallId", o.local_code AS "localCode", o.name, u.name AS unit,
              to_char(p.deadline, 'YYYY-MM-DD') AS deadline, p.status, ($2::date - p.deadline) AS "daysOverdue"
         ${base.replace('WHERE os.section_id', 'JOIN remediation_plan p ON p.outfall_id = o.id JOIN unit u ON u.id = p.responsible_unit_id WHERE os.section_id')}
          AND p.deadline < $2::date AND NOT (p.completed_on IS NOT NULL AND p.completed_on <= $2::date)
        ORDER BY p.deadline, o.local_code`,
      params,
    );
    const recentExceedances = await this.dataSource.query<object[]>(
      `SELECT s.id, o.id AS "outfallId", o.local_code AS "localCode", o.name, s.sampled_at AS "sampledAt",
              s.exceeding_count AS "exceedingCount"
         ${base.replace('WHERE os.section_id', 'JOIN sample s ON s.outfall_id = o.id WHERE os.section_id')}
          AND s.exceeding
          AND s.sampled_at >= (($2::date - 89)::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND s.sampled_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        ORDER BY s.sampled_at DESC LIMIT 100`,
      params,
    );
    const untracedPastDeadline = await this.dataSource.query<object[]>(
      `WITH due AS (
         SELECT scope, min(deadline) AS deadline FROM progress_target
          WHERE metric = 'tracing' AND deadline < $2::date GROUP BY scope
       )
       SELECT o.id AS "outfallId", o.local_code AS "localCode", o.name, to_char(due.deadline, 'YYYY-MM-DD') AS "tracingDeadline"
         ${base.replace(
           'WHERE os.section_id',
           `JOIN water_body w ON w.id = o.water_body_id
            JOIN due ON due.scope = CASE WHEN w.is_key THEN 'key_rivers' ELSE 'other_rivers' END
            JOIN outfall_event reg ON reg.outfall_id = o.id AND reg.type = 'registered' AND reg.effective_on <= $2::date
           WHERE os.section_id`,
         )}
          AND o.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM outfall_event tr WHERE tr.outfall_id = o.id AND tr.type = 'traced' AND tr.effective_on <= $2::date)
        ORDER BY o.local_code`,
      params,
    );
    return {
      asOf,
      section,
      chiefs,
      outfalls,
      progress,
      problems: { overduePlans, recentExceedances, untracedPastDeadline },
    };
  }
}
