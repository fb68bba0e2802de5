import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { CommonErrorCode, DomainException, FieldError, Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { assertVersion } from '@outfall/org';
import {
  AuditAction,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  OutfallSubType,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { RequiredIndicatorRuleDto, UpdateRequiredIndicatorRuleDto } from '../dto/monitoring.dto';
import { MonitoringErrorCode, MonitoringException } from '../monitoring.exception';
import { RequiredIndicatorRule } from './required-indicator-rule.entity';

/** Why an indicator is required at an outfall: the plan's seven, or a rule (with what matched). */
export interface RequirementReason {
  ruleId: string | null;
  ruleName: string | null;
  reasonZh: string;
  reasonEn: string;
}

export interface RequiredIndicatorView {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string | null;
  reasons: RequirementReason[];
}

export interface OutfallRequiredIndicators {
  outfallId: string;
  required: RequiredIndicatorView[];
  latestSample: { id: string; sampledAt: Date; missing: RequiredIndicatorView[] } | null;
  missingRequired: boolean;
}

const SEVEN_ZH = '《方案》规定的七项必测指标（流量、水温、pH、COD、氨氮、总磷、总氮）';
const SEVEN_EN = "One of the plan's seven required indicators";

/** The receiving function zone of outfall `o`: the nearest zone on its receiving water (as the standards use). */
export const receivingZoneSql = (o: string) =>
  `SELECT rz.id FROM function_zone rz WHERE rz.water_body_id = ${o}.water_body_id
    ORDER BY ST_Distance(rz.geometry, ${o}.location) NULLS LAST, rz.name LIMIT 1`;

/** Linked entities of outfall `o` whose GB/T 4754 code (section letter ignored) starts with rule `r`'s prefix. */
const industryMatchSql = (r: string, o: string, select = '1') =>
  `SELECT ${select} FROM outfall_entity rl JOIN responsible_entity re ON re.id = rl.entity_id
    WHERE rl.outfall_id = ${o}.id AND regexp_replace(re.industry_code, '^[A-Za-z]', '') LIKE ${r}.industry_prefix || '%'`;

/** Rule `r` applies to outfall `o` (every criterion it sets matches). */
export const ruleMatchesSql = (r: string, o: string) =>
  `${r}.active
   AND (${r}.category IS NULL OR ${r}.category = ${o}.category)
   AND (${r}.sub_type IS NULL OR ${r}.sub_type = ${o}.sub_type)
   AND (${r}.water_body_id IS NULL OR ${r}.water_body_id = ${o}.water_body_id)
   AND (${r}.function_zone_id IS NULL OR ${r}.function_zone_id = (${receivingZoneSql(o)}))
   AND (${r}.industry_prefix IS NULL OR EXISTS (${industryMatchSql(r, o)}))`;

/** The codes required at outfall `o`: the seven plus the indicators of every matching rule (one column, `code`). */
export const requiredCodesSql = (o: string) =>
  `SELECT ri.code FROM indicator ri WHERE ri.required
   UNION SELECT unnest(rr.indicator_codes) FROM required_indicator_rule rr WHERE ${ruleMatchesSql('rr', o)}`;

/**
 * The required codes sample `s` (of outfall `o`) lacks: no value of it; flow also counts as measured when the
 * sample carries its flow rate.
 */
export const missingCodesSql = (s: string, o: string) =>
  `SELECT rq.code FROM (${requiredCodesSql(o)}) rq(code)
    WHERE NOT EXISTS (SELECT 1 FROM sample_value mv WHERE mv.sample_id = ${s}.id AND mv.indicator_code = rq.code)
      AND NOT (rq.code = 'flow' AND ${s}.flow_rate IS NOT NULL)`;

/**
 * Required indicators beyond the seven (必测指标要求): the rules, each outfall's effective required set with the
 * reasons, and what a sample lacks. Everything is computed on read, set-based, from the rules, the outfall,
 * its linked entities' industry codes and its receiving zone, so it never goes stale when any of them changes.
 */
@Injectable()
export class RequiredIndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
  ) {}

  list(): Promise<RequiredIndicatorRule[]> {
    return this.dataSource
      .getRepository(RequiredIndicatorRule)
      .find({ order: { builtin: 'DESC', name: 'ASC', id: 'ASC' } });
  }

  async get(id: string): Promise<RequiredIndicatorRule> {
    const rule = await this.dataSource.getRepository(RequiredIndicatorRule).findOneBy({ id });
    if (!rule) throw DomainException.notFound('Required indicator rule', id);
    return rule;
  }

  async create(dto: RequiredIndicatorRuleDto): Promise<RequiredIndicatorRule> {
    return this.dataSource.transaction(async (em) => {
      const values = await this.check(em, dto);
      const repo = em.getRepository(RequiredIndicatorRule);
      const rule = await repo.save(repo.create({ ...values, builtin: false }));
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'required_indicator_rule',
        entityId: rule.id,
        after: rule,
      });
      return rule;
    });
  }

  async update(id: string, dto: UpdateRequiredIndicatorRuleDto): Promise<RequiredIndicatorRule> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(RequiredIndicatorRule);
      const rule = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw DomainException.notFound('Required indicator rule', id);
      assertVersion('Required indicator rule', rule.version, dto.version);
      const before = { ...rule };
      const values = await this.check(em, dto);
      const after = await repo.save(Object.assign(rule, values));
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'required_indicator_rule',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Removes an added rule; a shipped one is deactivated instead (409). */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const rule = await em.getRepository(RequiredIndicatorRule).findOneBy({ id });
      if (!rule) throw DomainException.notFound('Required indicator rule', id);
      if (rule.builtin) {
        throw new MonitoringException(
          MonitoringErrorCode.BuiltinRule,
          `内置的必测指标要求“${rule.name}”不能删除，可停用 / a shipped rule cannot be removed; deactivate it instead`,
          'id',
        );
      }
      await em.getRepository(RequiredIndicatorRule).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'required_indicator_rule',
        entityId: id,
        before: rule,
      });
    });
  }

  private async check(em: EntityManager, dto: RequiredIndicatorRuleDto) {
    const errors: FieldError[] = [];
    const values = {
      name: dto.name.trim(),
      category: dto.category ?? null,
      subType: dto.subType ?? null,
      industryPrefix: dto.industryPrefix ?? null,
      waterBodyId: dto.waterBodyId ?? null,
      functionZoneId: dto.functionZoneId ?? null,
      indicatorCodes: [...new Set(dto.indicatorCodes)],
      basis: dto.basis?.trim() || null,
      active: dto.active ?? true,
    };
    if (
      !values.category &&
      !values.subType &&
      !values.industryPrefix &&
      !values.waterBodyId &&
      !values.functionZoneId
    ) {
      errors.push({
        field: 'category',
        message:
          '至少指定一项适用条件（类别、子类、行业代码、水体或水功能区） / give at least one criterion: category, subType, industryPrefix, waterBodyId or functionZoneId',
      });
    }
    if (values.category && values.subType && !SUB_TYPES_BY_CATEGORY[values.category].includes(values.subType))
      errors.push({
        field: 'subType',
        message: `subType ${values.subType} is not of category ${values.category}`,
      });
    const known = new Set(
      (
        await em.query<{ code: string }[]>(`SELECT code FROM indicator WHERE code = ANY($1)`, [
          values.indicatorCodes,
        ])
      ).map((r) => r.code),
    );
    dto.indicatorCodes.forEach((code, i) => {
      if (!known.has(code))
        errors.push({
          field: `indicatorCodes[${i}]`,
          message: `unknown indicator ${code}; add it to the catalogue first`,
        });
    });
    if (values.waterBodyId) {
      const [{ found }] = await em.query<{ found: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM water_body WHERE id = $1) AS found`,
        [values.waterBodyId],
      );
      if (!found)
        errors.push({ field: 'waterBodyId', message: `water body ${values.waterBodyId} was not found` });
    }
    if (values.functionZoneId) {
      const zone = await em.query<{ water_body_id: string }[]>(
        `SELECT water_body_id FROM function_zone WHERE id = $1`,
        [values.functionZoneId],
      );
      if (!zone.length)
        errors.push({
          field: 'functionZoneId',
          message: `function zone ${values.functionZoneId} was not found`,
        });
      else if (values.waterBodyId && zone[0].water_body_id !== values.waterBodyId)
        errors.push({ field: 'functionZoneId', message: 'the function zone is not on the given water body' });
    }
    if (errors.length)
      throw new DomainException(CommonErrorCode.ValidationFailed, errors[0].message, 400, errors);
    return values;
  }

  /** Each outfall's effective required set with the reasons, in one statement. */
  async requiredFor(em: EntityManager, outfallIds: string[]): Promise<Map<string, RequiredIndicatorView[]>> {
    const result = new Map<string, RequiredIndicatorView[]>(outfallIds.map((id) => [id, []]));
    if (!outfallIds.length) return result;
    const rows = await em.query<
      {
        outfall_id: string;
        code: string;
        name_zh: string;
        name_en: string;
        unit: string | null;
        sort_order: number;
        rule_id: string | null;
        rule_name: string | null;
        basis: string | null;
        category: OutfallCategory | null;
        sub_type: OutfallSubType | null;
        industry_prefix: string | null;
        water_name: string | null;
        zone_name: string | null;
        entities: string | null;
      }[]
    >(
      `WITH req AS (
         SELECT o.id AS outfall_id, i.code, NULL::uuid AS rule_id
           FROM outfall o CROSS JOIN indicator i WHERE i.required AND o.id = ANY($1::uuid[])
         UNION ALL
         SELECT o.id, unnest(r.indicator_codes), r.id
           FROM outfall o JOIN required_indicator_rule r ON ${ruleMatchesSql('r', 'o')}
          WHERE o.id = ANY($1::uuid[]))
       SELECT req.outfall_id, req.code, i.name_zh, i.name_en, i.unit, i.sort_order, req.rule_id,
              r.name AS rule_name, r.basis, r.category, r.sub_type, r.industry_prefix,
              w.name AS water_name, z.name AS zone_name,
              CASE WHEN r.industry_prefix IS NOT NULL THEN
                (${industryMatchSql('r', 'o', `string_agg(re.name || '（' || re.industry_code || '）', '、' ORDER BY re.name)`)})
              END AS entities
         FROM req
         JOIN outfall o ON o.id = req.outfall_id
         JOIN indicator i ON i.code = req.code
         LEFT JOIN required_indicator_rule r ON r.id = req.rule_id
         LEFT JOIN water_body w ON w.id = r.water_body_id
         LEFT JOIN function_zone z ON z.id = r.function_zone_id
        ORDER BY i.sort_order, i.code, req.rule_id NULLS FIRST, r.name`,
      [outfallIds],
    );
    const byKey = new Map<string, RequiredIndicatorView>();
    for (const row of rows) {
      const key = `${row.outfall_id}|${row.code}`;
      let view = byKey.get(key);
      if (!view) {
        view = { code: row.code, nameZh: row.name_zh, nameEn: row.name_en, unit: row.unit, reasons: [] };
        byKey.set(key, view);
        result.get(row.outfall_id)?.push(view);
      }
      view.reasons.push(reasonOf(row));
    }
    return result;
  }

  /** The required codes each sample lacks, in one statement (samples lacking nothing are absent). */
  async missingForSamples(em: EntityManager, sampleIds: string[]): Promise<Map<string, string[]>> {
    if (!sampleIds.length) return new Map();
    const rows = await em.query<{ id: string; missing: string[] }[]>(
      `SELECT s.id, ARRAY(${missingCodesSql('s', 'o')} ORDER BY 1) AS missing
         FROM sample s JOIN outfall o ON o.id = s.outfall_id WHERE s.id = ANY($1::uuid[])`,
      [sampleIds],
    );
    return new Map(rows.filter((r) => r.missing.length).map((r) => [r.id, r.missing]));
  }

  /** The required set of an outfall with the reasons, and what its latest sample lacks. */
  async forOutfall(principal: Principal, outfallId: string): Promise<OutfallRequiredIndicators> {
    await this.outfalls.get(principal, outfallId);
    const em = this.dataSource.manager;
    const required = (await this.requiredFor(em, [outfallId])).get(outfallId) ?? [];
    const [latest] = await em.query<{ id: string; sampled_at: Date }[]>(
      `SELECT id, sampled_at FROM sample WHERE outfall_id = $1 ORDER BY sampled_at DESC, id LIMIT 1`,
      [outfallId],
    );
    if (!latest) return { outfallId, required, latestSample: null, missingRequired: false };
    const missing = new Set((await this.missingForSamples(em, [latest.id])).get(latest.id) ?? []);
    const missingViews = required.filter((r) => missing.has(r.code));
    return {
      outfallId,
      required,
      latestSample: { id: latest.id, sampledAt: latest.sampled_at, missing: missingViews },
      missingRequired: missingViews.length > 0,
    };
  }
}

function reasonOf(row: {
  rule_id: string | null;
  rule_name: string | null;
  basis: string | null;
  category: OutfallCategory | null;
  sub_type: OutfallSubType | null;
  industry_prefix: string | null;
  water_name: string | null;
  zone_name: string | null;
  entities: string | null;
}): RequirementReason {
  if (!row.rule_id) return { ruleId: null, ruleName: null, reasonZh: SEVEN_ZH, reasonEn: SEVEN_EN };
  const zh: string[] = [];
  const en: string[] = [];
  if (row.industry_prefix) {
    zh.push(`责任主体行业代码属 ${row.industry_prefix}（${row.entities ?? ''}）`);
    en.push(
      `a responsible entity's industry code starts with ${row.industry_prefix} (${row.entities ?? ''})`,
    );
  }
  if (row.category) {
    zh.push(`排污口类别为${OUTFALL_CATEGORY_LABELS[row.category].zh}`);
    en.push(`category ${OUTFALL_CATEGORY_LABELS[row.category].en}`);
  }
  if (row.sub_type) {
    zh.push(`排污口子类为${OUTFALL_SUB_TYPE_LABELS[row.sub_type].zh}`);
    en.push(`sub-type ${OUTFALL_SUB_TYPE_LABELS[row.sub_type].en}`);
  }
  if (row.water_name) {
    zh.push(`受纳水体为${row.water_name}`);
    en.push(`discharges into ${row.water_name}`);
  }
  if (row.zone_name) {
    zh.push(`受纳水功能区为${row.zone_name}`);
    en.push(`receiving function zone ${row.zone_name}`);
  }
  const basis = row.basis ? `；依据：${row.basis}` : '';
  return {
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    reasonZh: `${row.rule_name}：${zh.join('，')}${basis}`,
    reasonEn: `${row.rule_name}: ${en.join(', ')}${row.basis ? `; basis: ${row.basis}` : ''}`,
  };
}
