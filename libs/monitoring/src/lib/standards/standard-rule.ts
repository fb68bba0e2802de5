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

/**
 * The rule that applies to an indicator in this context: a conditional rule whose condition holds, else the
 * unconditional one. A condition that cannot be decided (e.g. no temperature reading) falls back to the
 * unconditional rule, which is the stricter value in the national standards.
 */
export function applicableRule(
  grade: StandardGrade,
  indicator: IndicatorCode,
  context: SampleContext,
): LimitRule | undefined {
  const rules = grade.rules.filter((rule) => rule.indicator === indicator);
  return (
    rules.find((rule) => rule.condition && holds(rule.condition, context) === true) ??
    rules.find((rule) => !rule.condition)
  );
}

export interface Assessment {
  rule: LimitRule;
  compliant: boolean;
  /** 超标倍数: (value − limit) / limit for a maximum; 0 when compliant. */
  exceedanceMultiple: number;
}

/**
 * Compliance of one value. A value below the detection limit is compliant when the detection limit itself
 * is under the limit.
 */
export function assess(rule: LimitRule, value: number, belowDetection = false): Assessment {
  const { bound } = rule;
  switch (bound.kind) {
    case 'max': {
      const compliant = value <= bound.value;
      if (belowDetection) return { rule, compliant, exceedanceMultiple: 0 };
      return {
        rule,
        compliant,
        exceedanceMultiple: compliant ? 0 : round((value - bound.value) / bound.value),
      };
    }
    case 'min':
      return { rule, compliant: value >= bound.value, exceedanceMultiple: 0 };
    case 'range':
      return { rule, compliant: value >= bound.min && value <= bound.max, exceedanceMultiple: 0 };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
