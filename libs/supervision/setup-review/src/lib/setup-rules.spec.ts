import { OutfallCategory, SetupKind, SetupRule, SetupRuleOutcome, WaterImpact } from '@outfall/shared-types';
import { checkSetupRules, needsConsultation, needsReview, refusals, RuleFacts } from './setup-rules';

const facts = (extra: Partial<RuleFacts> = {}): RuleFacts => ({
  kind: SetupKind.New,
  category: OutfallCategory.Industrial,
  zone: { name: '达标区', targetMet: true },
  drinkingWaterAreas: [],
  waterImpacts: [],
  consultation: null,
  ...extra,
});
const outcome = (f: RuleFacts, rule: SetupRule) => checkSetupRules(f).find((r) => r.rule === rule)?.outcome;

describe('setup rules', () => {
  it('passes everything for an industrial outfall into a zone that meets its target', () => {
    const results = checkSetupRules(facts());
    expect(results.map((r) => r.outcome)).toEqual(Array(4).fill(SetupRuleOutcome.Pass));
    expect(refusals(results)).toEqual([]);
  });

  it('refuses a new, changed or enlarged outfall into a zone that misses its target, except a WWTP outfall', () => {
    for (const kind of Object.values(SetupKind)) {
      const results = checkSetupRules(facts({ kind, zone: { name: '超标区', targetMet: false } }));
      expect(refusals(results).map((r) => r.reason.zh)).toEqual([
        expect.stringContaining(
          '受纳水功能区（超标区）水质未达标，除污水处理厂排污口外，不得新设、改设或扩大排污口',
        ),
      ]);
    }
    expect(
      outcome(
        facts({ category: OutfallCategory.UrbanWwtp, zone: { name: '超标区', targetMet: false } }),
        SetupRule.ZoneTargetMissed,
      ),
    ).toBe(SetupRuleOutcome.Pass);
  });

  it('refuses a location inside a drinking-water protected area, naming it', () => {
    const results = checkSetupRules(facts({ drinkingWaterAreas: [{ name: '水源地一级保护区' }] }));
    expect(refusals(results)[0].reason.zh).toBe(
      '拟设位置位于饮用水水源保护区（水源地一级保护区）内，禁止设置排污口',
    );
  });

  it('needs review when the zone status, or the zone, is unknown', () => {
    expect(needsReview(checkSetupRules(facts({ zone: { name: '待定区', targetMet: null } })))).toBe(true);
    expect(needsReview(checkSetupRules(facts({ zone: null })))).toBe(true);
    expect(needsReview(checkSetupRules(facts()))).toBe(false);
  });

  it('requires the water administration’s opinion for a flagged effect until it is recorded', () => {
    const flagged = facts({ waterImpacts: [WaterImpact.FloodControl, WaterImpact.RiverStability] });
    const results = checkSetupRules(flagged);
    expect(needsConsultation(results)).toBe(true);
    expect(results.find((r) => r.rule === SetupRule.WaterAdminConsultation)?.reason.zh).toBe(
      '可能影响防洪、河势稳定，作出决定前须征求水行政主管部门意见',
    );
    expect(
      needsConsultation(
        checkSetupRules({ ...flagged, consultation: { on: '2026-01-05', documentNumber: '水函1号' } }),
      ),
    ).toBe(false);
  });
});
