import {
  OutfallCategory,
  SetupKind,
  SetupRule,
  SetupRuleOutcome,
  SETUP_KIND_LABELS,
  WATER_IMPACT_LABELS,
  WaterImpact,
} from '@outfall/shared-types';

export interface RuleFacts {
  kind: SetupKind;
  category: OutfallCategory;
  /** The receiving function zone, when the directory derives it or the applicant chose it. */
  zone: { name: string; targetMet: boolean | null } | null;
  /** Drinking-water protected areas (level 1 or 2) that contain the location. */
  drinkingWaterAreas: { name: string }[];
  waterImpacts: WaterImpact[];
  consultation: { on: string; documentNumber: string | null } | null;
}

export interface RuleResult {
  rule: SetupRule;
  outcome: SetupRuleOutcome;
  reason: { zh: string; en: string };
}

/** WWTP outfalls (urban WWTP category; industrial-park WWTPs are approved like them) are the zone rule's exception. */
const isWwtp = (category: OutfallCategory) => category === OutfallCategory.UrbanWwtp;

/**
 * The plan's rules for setting up, changing or enlarging an outfall (三(三) 规范设置审核), each with its outcome
 * and reason. A pure function of the facts: the service gathers them, the reviewer sees them, the decision
 * obeys them.
 */
export function checkSetupRules(facts: RuleFacts): RuleResult[] {
  const kindZh = SETUP_KIND_LABELS[facts.kind].zh;
  const zone = facts.zone;
  const results: RuleResult[] = [];

  // 1. the receiving function zone misses its target → no new, changed or enlarged outfall except WWTPs
  if (zone && zone.targetMet === false) {
    results.push(
      isWwtp(facts.category)
        ? {
            rule: SetupRule.ZoneTargetMissed,
            outcome: SetupRuleOutcome.Pass,
            reason: {
              zh: `受纳水功能区（${zone.name}）水质未达标，但污水处理厂排污口不在限制之列`,
              en: `the receiving function zone (${zone.name}) misses its target, but WWTP outfalls are exempt`,
            },
          }
        : {
            rule: SetupRule.ZoneTargetMissed,
            outcome: SetupRuleOutcome.Refuse,
            reason: {
              zh: `受纳水功能区（${zone.name}）水质未达标，除污水处理厂排污口外，不得新设、改设或扩大排污口（本申请为${kindZh}）`,
              en: `the receiving function zone (${zone.name}) misses its water-quality target: no new, changed or enlarged outfall except WWTP outfalls`,
            },
          },
    );
  } else {
    results.push({
      rule: SetupRule.ZoneTargetMissed,
      outcome: SetupRuleOutcome.Pass,
      reason: zone
        ? zone.targetMet
          ? {
              zh: `受纳水功能区（${zone.name}）水质达标`,
              en: `the receiving function zone (${zone.name}) meets its target`,
            }
          : {
              zh: `受纳水功能区（${zone.name}）达标情况不明，见“水功能区达标情况”`,
              en: `the status of ${zone.name} is unknown: see the zone-status rule`,
            }
        : {
            zh: '未确定受纳水功能区，见“水功能区达标情况”',
            en: 'no function zone: see the zone-status rule',
          },
    });
  }

  // 2. inside a drinking-water protected area → refuse
  const areas = facts.drinkingWaterAreas.map((a) => a.name);
  results.push(
    areas.length
      ? {
          rule: SetupRule.DrinkingWaterArea,
          outcome: SetupRuleOutcome.Refuse,
          reason: {
            zh: `拟设位置位于饮用水水源保护区（${areas.join('、')}）内，禁止设置排污口`,
            en: `the location lies inside a drinking-water protected area (${areas.join(', ')}): no outfall may be set up there`,
          },
        }
      : {
          rule: SetupRule.DrinkingWaterArea,
          outcome: SetupRuleOutcome.Pass,
          reason: { zh: '不在饮用水水源保护区内', en: 'outside every drinking-water protected area' },
        },
  );

  // 3. zone status unknown → needs review
  const unknown = !zone || zone.targetMet === null;
  results.push(
    unknown
      ? {
          rule: SetupRule.ZoneStatusUnknown,
          outcome: SetupRuleOutcome.NeedsReview,
          reason: zone
            ? {
                zh: `受纳水功能区（${zone.name}）水质达标情况不明，需人工核查`,
                en: `whether the receiving function zone (${zone.name}) meets its target is unknown: needs review`,
              }
            : {
                zh: '未能确定受纳水功能区及其达标情况，需人工核查',
                en: 'the receiving function zone and its status are unknown: needs review',
              },
        }
      : {
          rule: SetupRule.ZoneStatusUnknown,
          outcome: SetupRuleOutcome.Pass,
          reason: {
            zh: `受纳水功能区（${zone.name}）达标情况已知`,
            en: `the status of ${zone.name} is known`,
          },
        },
  );

  // 4. possible effect on flood control, water supply, embankments or river stability → consult first
  const impacts = facts.waterImpacts.map((i) => WATER_IMPACT_LABELS[i]);
  if (!impacts.length) {
    results.push({
      rule: SetupRule.WaterAdminConsultation,
      outcome: SetupRuleOutcome.Pass,
      reason: {
        zh: '未标注可能影响防洪、供水、堤防安全或河势稳定',
        en: 'no possible effect on flood control, water supply, embankments or river stability flagged',
      },
    });
  } else if (facts.consultation) {
    results.push({
      rule: SetupRule.WaterAdminConsultation,
      outcome: SetupRuleOutcome.Pass,
      reason: {
        zh: `已于${facts.consultation.on}取得水行政主管部门意见${facts.consultation.documentNumber ? `（${facts.consultation.documentNumber}）` : ''}`,
        en: `the water administration was consulted on ${facts.consultation.on}`,
      },
    });
  } else {
    results.push({
      rule: SetupRule.WaterAdminConsultation,
      outcome: SetupRuleOutcome.ConsultationRequired,
      reason: {
        zh: `可能影响${impacts.map((i) => i.zh).join('、')}，作出决定前须征求水行政主管部门意见`,
        en: `possible effect on ${impacts.map((i) => i.en.toLowerCase()).join(', ')}: the water administration must be consulted before a decision`,
      },
    });
  }
  return results;
}

export const refusals = (results: RuleResult[]) =>
  results.filter((r) => r.outcome === SetupRuleOutcome.Refuse);
export const needsConsultation = (results: RuleResult[]) =>
  results.some((r) => r.outcome === SetupRuleOutcome.ConsultationRequired);
export const needsReview = (results: RuleResult[]) =>
  results.some((r) => r.outcome === SetupRuleOutcome.NeedsReview);
