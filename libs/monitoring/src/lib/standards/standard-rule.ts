import { DeviationDirection } from '@outfall/shared-types';

/**
 * Discharge and water-quality standards held as data: each limit is a rule with an indicator, a bound, a
 * value and an optional condition on the same sample (water temperature), on the outfall (plant build date)
 * or on the receiving water (river or lake). Every rule names its source.
 */
export type IndicatorCode = 'flow' | 'temperature' | 'ph' | 'cod' | 'nh3n' | 'tp' | 'tn' | (string & {});

export type Bound =
  | { kind: 'max'; value: number }
  | { kind: 'min'; value: number }
  | { kind: 'range'; min: number; max: number };

export type RuleCondition =
  | { on: 'sample'; indicator: IndicatorCode; op: '<=' | '>'; value: number }
  | { on: 'outfall'; fact: 'plantBuiltBefore2006'; equals: boolean }
  | { on: 'water'; fact: 'isLakeOrReservoir'; equals: boolean };

export interface LimitRule {
  indicator: IndicatorCode;
  bound: Bound;
  /** More specific rules (with a condition) win over the unconditional one for the same indicator. */
  condition?: RuleCondition;
  source: string;
}

export interface StandardGrade {
  /** e.g. GB18918-2002:1A */
  id: string;
  standard: string;
  grade: string;
  nameZh: string;
  rules: LimitRule[];
}

export interface SampleContext {
  /** Other readings of the same sample, by indicator (e.g. temperature for the NH3-N condition). */
  readings: Partial<Record<IndicatorCode, number>>;
  plantBuiltBefore2006?: boolean;
  isLakeOrReservoir?: boolean;
}

function holds(condition: RuleCondition, context: SampleContext): boolean | undefined {
  switch (condition.on) {
    case 'sample': {
      const reading = context.readings[condition.indicator];
      if (reading === undefined) return undefined;
      return condition.op === '<=' ? reading <= condition.value : reading > condition.value;
    }
    case 'outfall':
      return context.plantBuiltBefore2006 === undefined
        ? undefined
        : context.plantBuiltBefore2006 === condition.equals;
    case 'water':
      return context.isLakeOrReservoir === undefined
        ? undefined
        : context.isLakeOrReservoir === condition.equals;
  }
}

/** The rule chosen for an indicator, and the conditions that could not be decided when choosing it. */
export interface RuleChoice {
  rule: LimitRule;
  /**
   * Conditions of rules that might have applied but could not be decided (an input is missing, e.g. no
   * water temperature in the sample): the stricter of the candidate limits was chosen instead.
   */
  undecided: RuleCondition[];
}

/** How strict a bound is, to compare candidates of the same kind: higher is stricter. */
function strictness(bound: Bound): number {
  switch (bound.kind) {
    case 'max':
      return -bound.value;
    case 'min':
      return bound.value;
    case 'range':
      return -(bound.max - bound.min);
  }
}

/**
 * A grade's rules by indicator, in their order: built once per rules array (a batch asks thousands of times),
 * again if the array's length changed.
 */
const RULES_BY_INDICATOR = new WeakMap<
  LimitRule[],
  { length: number; index: Map<IndicatorCode, LimitRule[]> }
>();
const NO_RULES: LimitRule[] = [];

function rulesOf(grade: StandardGrade, indicator: IndicatorCode): LimitRule[] {
  let cached = RULES_BY_INDICATOR.get(grade.rules);
  if (!cached || cached.length !== grade.rules.length) {
    const index = new Map<IndicatorCode, LimitRule[]>();
    for (const rule of grade.rules) {
      const list = index.get(rule.indicator);
      if (list) list.push(rule);
      else index.set(rule.indicator, [rule]);
    }
    cached = { length: grade.rules.length, index };
    RULES_BY_INDICATOR.set(grade.rules, cached);
  }
  return cached.index.get(indicator) ?? NO_RULES;
}

/**
 * The rule that applies to an indicator in this context: a conditional rule whose condition holds, else
 * the unconditional one. When a condition cannot be decided (no temperature reading, unknown build date or
 * water kind), the stricter of the unconditional rule and the undecided conditional ones is used, and the
 * undecided conditions are returned so the assessment can say so.
 */
export function chooseRule(
  grade: StandardGrade,
  indicator: IndicatorCode,
  context: SampleContext,
): RuleChoice | undefined {
  const rules = rulesOf(grade, indicator);
  const holding = rules.find((rule) => rule.condition && holds(rule.condition, context) === true);
  if (holding) return { rule: holding, undecided: [] };
  const unconditional = rules.find((rule) => !rule.condition);
  const open = rules.filter((rule) => rule.condition && holds(rule.condition, context) === undefined);
  if (!open.length) return unconditional ? { rule: unconditional, undecided: [] } : undefined;
  const candidates = unconditional ? [unconditional, ...open] : open;
  // bounds of different kinds cannot be ranked: the unconditional rule (or the first) stands
  const comparable = candidates.every((rule) => rule.bound.kind === candidates[0].bound.kind);
  const strictest = comparable
    ? candidates.reduce((best, rule) => (strictness(rule.bound) > strictness(best.bound) ? rule : best))
    : candidates[0];
  return { rule: strictest, undecided: open.map((rule) => rule.condition as RuleCondition) };
}

/** The rule that applies (see `chooseRule`). */
export function applicableRule(
  grade: StandardGrade,
  indicator: IndicatorCode,
  context: SampleContext,
): LimitRule | undefined {
  return chooseRule(grade, indicator, context)?.rule;
}

export interface Assessment {
  rule: LimitRule;
  compliant: boolean;
  /**
   * 超标倍数: (value − limit) / limit for a maximum; 0 when compliant. Null for a range (pH) or a minimum,
   * where a multiple means nothing: see `deviation`.
   */
  exceedanceMultiple: number | null;
  /** Range and minimum bounds: how far the value lies outside the allowed values (0 inside), else null. */
  deviation: number | null;
  deviationDirection: DeviationDirection | null;
}

/**
 * Compliance of one value. A value below the detection limit is compliant when the detection limit itself
 * is under the limit.
 */
export function assess(rule: LimitRule, value: number, belowDetection = false): Assessment {
  const { bound } = rule;
  const outside = (deviation: number, deviationDirection: DeviationDirection | null) => ({
    rule,
    compliant: deviation === 0,
    exceedanceMultiple: null,
    deviation: round(deviation),
    deviationDirection: deviation === 0 ? null : deviationDirection,
  });
  switch (bound.kind) {
    case 'max': {
      const compliant = value <= bound.value;
      const none = { deviation: null, deviationDirection: null };
      if (belowDetection) return { rule, compliant, exceedanceMultiple: 0, ...none };
      return {
        rule,
        compliant,
        exceedanceMultiple: compliant ? 0 : round((value - bound.value) / bound.value),
        ...none,
      };
    }
    case 'min':
      return outside(Math.max(0, bound.value - value), DeviationDirection.Below);
    case 'range':
      return value < bound.min
        ? outside(bound.min - value, DeviationDirection.Below)
        : outside(Math.max(0, value - bound.max), DeviationDirection.Above);
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
