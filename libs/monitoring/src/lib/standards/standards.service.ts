import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { CommonErrorCode, DomainException, FieldError, Principal } from '@outfall/common';
import { assertVersion } from '@outfall/org';
import { OutfallsService } from '@outfall/directory';
import {
  AuditAction,
  OutfallCategory,
  WaterKind,
  ZoneTargetStatus,
  zoneTargetStatus,
} from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_INDICATORS } from '../indicators/indicator.defaults';
import { DEFAULT_REQUIRED_RULES } from '../indicators/required-indicator.defaults';
import { RequiredIndicatorRule } from '../indicators/required-indicator-rule.entity';
import { Indicator } from '../indicators/indicator.entity';
import { CreateStandardDto, OutfallStandardSettingDto, UpdateStandardDto } from '../dto/monitoring.dto';
import { OutfallStandardFactsView, ReceivingZone, StandardResolution } from '../dto/monitoring.responses';
import { MonitoringErrorCode, MonitoringException } from '../monitoring.exception';
import { DischargeStandard } from './discharge-standard.entity';
import { OutfallStandardSetting } from './outfall-standard-setting.entity';
import { resolveStandard } from './standard-resolver';
import type { LimitRule } from './standard-rule';
import { STANDARDS } from './standards.catalogue';

const BOUND_KINDS = ['max', 'min', 'range'];

/**
 * The standards catalogue as data (table `discharge_standard`), the indicator catalogue's shipped rows,
 * per-outfall settings (plant grade and build date, manual override) and the resolver over them.
 */
@Injectable()
export class StandardsService implements OnApplicationBootstrap {
  private cache: Map<string, DischargeStandard> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // with DB_MIGRATIONS_RUN=false the tables may not exist yet: `cli.js migrate` comes first then
    const [{ ready }] = await this.dataSource.query<{ ready: boolean }[]>(
      `SELECT to_regclass('discharge_standard') IS NOT NULL AND to_regclass('indicator') IS NOT NULL
              AND to_regclass('required_indicator_rule') IS NOT NULL AS ready`,
    );
    if (ready) await this.syncReferenceData();
  }

  /**
   * Loads the shipped reference data: missing indicators are added (admins' edits are kept) and the
   * built-in national standards are refreshed from the catalogue (admin-defined ones are not touched).
   */
  async syncReferenceData(em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.createQueryBuilder().insert().into(Indicator).values(DEFAULT_INDICATORS).orIgnore().execute();
    // the shipped requirement rules (必测指标要求), missing ones only: admins' edits are kept
    await em
      .createQueryBuilder()
      .insert()
      .into(RequiredIndicatorRule)
      .values(DEFAULT_REQUIRED_RULES)
      .orIgnore()
      .execute();
    await em
      .createQueryBuilder()
      .insert()
      .into(DischargeStandard)
      .values(
        STANDARDS.map((s) => ({
          id: s.id,
          standard: s.standard,
          grade: s.grade,
          nameZh: s.nameZh,
          rules: s.rules,
          builtin: true,
        })),
      )
      .orUpdate(['standard', 'grade', 'name_zh', 'rules', 'builtin'], ['id'])
      .execute();
    this.cache = null;
  }

  /** The catalogue, cached; inside a transaction pass its manager (the embedded database has one connection). */
  async catalogue(em: EntityManager = this.dataSource.manager): Promise<Map<string, DischargeStandard>> {
    if (!this.cache) {
      const rows = await em.getRepository(DischargeStandard).find({ order: { id: 'ASC' } });
      this.cache = new Map(rows.map((row) => [row.id, row]));
    }
    return this.cache;
  }

  async list(): Promise<DischargeStandard[]> {
    return [...(await this.catalogue()).values()];
  }

  async get(id: string): Promise<DischargeStandard> {
    const standard = (await this.catalogue()).get(id);
    if (!standard) throw DomainException.notFound('Standard', id);
    return standard;
  }

  async create(dto: CreateStandardDto): Promise<DischargeStandard> {
    const rules = await this.checkRules(dto.rules);
    await this.checkOverrides(dto.overridesId, dto.id);
    const saved = await this.dataSource.transaction(async (em) => {
      if (await em.getRepository(DischargeStandard).existsBy({ id: dto.id })) {
        throw new DomainException(CommonErrorCode.Conflict, `standard ${dto.id} already exists`, 409, [
          { field: 'id', message: `standard ${dto.id} already exists` },
        ]);
      }
      const standard = await em.getRepository(DischargeStandard).save(
        em.getRepository(DischargeStandard).create({
          id: dto.id,
          standard: dto.standard,
          grade: dto.grade,
          nameZh: dto.nameZh,
          overridesId: dto.overridesId ?? null,
          rules,
          builtin: false,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'discharge_standard',
        entityId: standard.id,
        after: standard,
      });
      return standard;
    });
    this.cache = null;
    return saved;
  }

  async update(id: string, dto: UpdateStandardDto): Promise<DischargeStandard> {
    const rules = dto.rules ? await this.checkRules(dto.rules) : undefined;
    if (dto.overridesId !== undefined) await this.checkOverrides(dto.overridesId, id);
    const saved = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(DischargeStandard);
      const standard = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!standard) throw DomainException.notFound('Standard', id);
      this.assertEditable(standard);
      assertVersion('Standard', standard.version, dto.version);
      const before = { ...standard };
      if (dto.nameZh !== undefined) standard.nameZh = dto.nameZh;
      if (dto.overridesId !== undefined) standard.overridesId = dto.overridesId || null;
      if (rules) standard.rules = rules;
      const after = await repo.save(standard);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'discharge_standard',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    this.cache = null;
    return saved;
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const standard = await em.getRepository(DischargeStandard).findOneBy({ id });
      if (!standard) throw DomainException.notFound('Standard', id);
      this.assertEditable(standard);
      const [{ count }] = await em.query<{ count: number }[]>(
        `SELECT ((SELECT count(*) FROM outfall_standard_setting WHERE override_standard_id = $1)
               + (SELECT count(*) FROM sample WHERE standard_id = $1))::int AS count`,
        [id],
      );
      if (count) {
        throw new MonitoringException(
          MonitoringErrorCode.StandardInUse,
          `standard ${id} is applied to outfalls or samples; replace it there first`,
          'id',
        );
      }
      await em.getRepository(DischargeStandard).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'discharge_standard',
        entityId: id,
        before: standard,
      });
    });
    this.cache = null;
  }

  private assertEditable(standard: DischargeStandard): void {
    if (standard.builtin) {
      throw new MonitoringException(
        MonitoringErrorCode.BuiltinStandard,
        `${standard.id} is a national standard shipped with the platform; add a provincial standard that overrides it instead`,
        'id',
      );
    }
  }

  private async checkOverrides(overridesId: string | null | undefined, selfId: string): Promise<void> {
    if (!overridesId) return;
    const target = (await this.catalogue()).get(overridesId);
    if (!target || !target.builtin || overridesId === selfId) {
      throw new MonitoringException(
        MonitoringErrorCode.UnknownStandard,
        `overridesId must name a national standard grade, e.g. GB18918-2002:1A`,
        'overridesId',
      );
    }
  }

  /** Each rule's shape, indicator and values, reported as `rules[i].field`. */
  private async checkRules(input: object[]): Promise<LimitRule[]> {
    const indicators = new Set(
      (await this.dataSource.getRepository(Indicator).find({ select: { code: true } })).map((i) => i.code),
    );
    const errors: FieldError[] = [];
    const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const rules = input.map((raw, i) => {
      const rule = raw as Partial<LimitRule> & { bound?: Record<string, unknown> };
      const at = (field: string, message: string) => errors.push({ field: `rules[${i}].${field}`, message });
      if (!rule || typeof rule !== 'object') {
        at('indicator', 'each rule must be an object');
        return rule as LimitRule;
      }
      if (typeof rule.indicator !== 'string' || !indicators.has(rule.indicator))
        at('indicator', `unknown indicator ${String(rule.indicator)}`);
      const bound = rule.bound;
      if (!bound || !BOUND_KINDS.includes(String(bound.kind)))
        at('bound.kind', 'bound.kind must be max, min or range');
      else if (bound.kind === 'range') {
        if (!isNumber(bound.min) || !isNumber(bound.max) || bound.min > bound.max)
          at('bound', 'a range needs numbers min ≤ max');
      } else if (!isNumber(bound.value) || bound.value < 0)
        at('bound.value', 'bound.value must be a number ≥ 0');
      if (typeof rule.source !== 'string' || !rule.source.trim())
        at('source', 'every rule must name its source');
      const condition = rule.condition as Record<string, unknown> | undefined;
      if (condition !== undefined) {
        const ok =
          (condition.on === 'sample' &&
            typeof condition.indicator === 'string' &&
            indicators.has(condition.indicator) &&
            (condition.op === '<=' || condition.op === '>') &&
            isNumber(condition.value)) ||
          (condition.on === 'outfall' &&
            condition.fact === 'plantBuiltBefore2006' &&
            typeof condition.equals === 'boolean') ||
          (condition.on === 'water' &&
            condition.fact === 'isLakeOrReservoir' &&
            typeof condition.equals === 'boolean');
        if (!ok)
          at(
            'condition',
            'condition must be {on:"sample",indicator,op:"<="|">",value}, {on:"outfall",fact:"plantBuiltBefore2006",equals} or {on:"water",fact:"isLakeOrReservoir",equals}',
          );
      }
      return {
        indicator: rule.indicator,
        bound: rule.bound,
        source: rule.source,
        ...(condition ? { condition } : {}),
      } as LimitRule;
    });
    if (errors.length) {
      throw new DomainException(CommonErrorCode.ValidationFailed, 'some rules are invalid', 400, errors);
    }
    return rules;
  }

  /** The outfalls' facts the resolver needs, in one statement. */
  async factsFor(em: EntityManager, outfallIds: string[]): Promise<Map<string, OutfallStandardFactsView>> {
    if (!outfallIds.length) return new Map();
    const rows = await em.query<(OutfallStandardFactsView & { id: string })[]>(
      `SELECT o.id, o.category, w.kind AS "waterKind", z.target_class AS "targetClass",
              z.name AS "zoneName", z.target_met AS "zoneTargetMet",
              s.plant_grade AS "plantGrade", to_char(s.plant_built_on, 'YYYY-MM-DD') AS "plantBuiltOn",
              s.override_standard_id AS "overrideStandardId", s.override_reason AS "overrideReason"
         FROM outfall o
         JOIN water_body w ON w.id = o.water_body_id
         LEFT JOIN outfall_standard_setting s ON s.outfall_id = o.id
         LEFT JOIN LATERAL (SELECT z.name, z.target_class, z.target_met FROM function_zone z
                             WHERE z.water_body_id = o.water_body_id
                             ORDER BY ST_Distance(z.geometry, o.location) NULLS LAST, z.name
                             LIMIT 1) z ON true
        WHERE o.id = ANY($1::uuid[])`,
      [outfallIds],
    );
    return new Map(rows.map(({ id, ...facts }) => [id, facts]));
  }

  /** Which standard applies to each outfall, with the reason; provincial overrides replace national grades. */
  async resolveFor(em: EntityManager, outfallIds: string[]): Promise<Map<string, StandardResolution>> {
    const facts = await this.factsFor(em, outfallIds);
    const catalogue = await this.catalogue(em);
    const overriding = new Map(
      [...catalogue.values()].filter((s) => s.overridesId).map((s) => [s.overridesId as string, s]),
    );
    const result = new Map<string, StandardResolution>();
    for (const [outfallId, f] of facts) {
      const resolved = resolveStandard(
        {
          category: f.category,
          plantGrade: f.plantGrade ?? undefined,
          plantBuiltOn: f.plantBuiltOn ?? undefined,
          targetClass: f.targetClass ?? undefined,
          override:
            f.overrideStandardId && f.overrideReason
              ? { standardId: f.overrideStandardId, reason: f.overrideReason }
              : undefined,
        },
        (id) => catalogue.get(id),
      );
      let { standard, explanation } = resolved;
      const local = !f.overrideStandardId ? overriding.get(standard.id) : undefined;
      if (local) {
        explanation = {
          zh: `${explanation.zh}；地方标准${local.standard}（${local.grade}）替代${standard.standard}`,
          en: `${explanation.en}; local standard ${local.standard} (${local.grade}) replaces ${standard.standard}`,
        };
        standard = local;
      }
      const zone: ReceivingZone | null =
        f.zoneName && f.targetClass
          ? {
              name: f.zoneName,
              targetClass: f.targetClass,
              targetStatus: zoneTargetStatus(f.zoneTargetMet),
              needsReview: zoneTargetStatus(f.zoneTargetMet) === ZoneTargetStatus.Unknown,
            }
          : null;
      result.set(outfallId, {
        outfallId,
        // the lookup is the catalogue: every grade it answers is a DischargeStandard row
        standard: standard as DischargeStandard,
        explanation,
        zone,
        facts: f,
        context: {
          isLakeOrReservoir: f.waterKind === WaterKind.Lake || f.waterKind === WaterKind.Reservoir,
          ...(f.plantBuiltOn ? { plantBuiltBefore2006: f.plantBuiltOn < '2006-01-01' } : {}),
        },
      });
    }
    return result;
  }

  async resolution(principal: Principal, outfallId: string): Promise<StandardResolution> {
    await this.outfalls.get(principal, outfallId);
    const resolved = (await this.resolveFor(this.dataSource.manager, [outfallId])).get(outfallId);
    if (!resolved) throw DomainException.notFound('Outfall', outfallId);
    return resolved;
  }

  /**
   * Sets the plant grade / build date / override of an outfall (audited) and reassesses its samples through
   * `afterChange` in the same transaction.
   */
  async putSetting(
    principal: Principal,
    outfallId: string,
    dto: OutfallStandardSettingDto,
    afterChange: (em: EntityManager, outfallIds: string[]) => Promise<void>,
  ): Promise<OutfallStandardSetting> {
    if (dto.overrideStandardId && !dto.overrideReason?.trim()) {
      throw DomainException.invalid('overrideReason', 'a manual override needs a reason');
    }
    if (dto.overrideStandardId && !(await this.catalogue()).has(dto.overrideStandardId)) {
      throw new MonitoringException(
        MonitoringErrorCode.UnknownStandard,
        `unknown standard ${dto.overrideStandardId}`,
        'overrideStandardId',
      );
    }
    return this.dataSource.transaction(async (em) => {
      // the write gate: jurisdiction (404) and sector (403), like every write on an outfall
      const outfall = await this.outfalls.assertWritable(principal, outfallId, em, { requireActive: false });
      if (dto.plantGrade && outfall.category !== OutfallCategory.UrbanWwtp) {
        throw DomainException.invalid('plantGrade', 'a plant grade applies to urban WWTP outfalls only');
      }
      const repo = em.getRepository(OutfallStandardSetting);
      const before = await repo.findOneBy({ outfallId });
      const setting = before ? { ...before } : repo.create({ outfallId });
      setting.plantGrade = dto.plantGrade ?? null;
      setting.plantBuiltOn = dto.plantBuiltOn ?? null;
      setting.overrideStandardId = dto.overrideStandardId || null;
      setting.overrideReason = dto.overrideStandardId ? (dto.overrideReason ?? null) : null;
      const saved = await repo.save(setting);
      await this.audit.record(em, {
        action: before ? AuditAction.Update : AuditAction.Create,
        entityType: 'outfall_standard_setting',
        entityId: outfallId,
        before,
        after: saved,
      });
      await afterChange(em, [outfallId]);
      return saved;
    });
  }

  async setting(principal: Principal, outfallId: string): Promise<OutfallStandardSetting | null> {
    await this.outfalls.get(principal, outfallId);
    return this.dataSource.getRepository(OutfallStandardSetting).findOneBy({ outfallId });
  }
}
