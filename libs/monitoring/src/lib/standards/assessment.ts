import { ValueQualifier } from '@outfall/shared-types';
import {
  applicableRule,
  assess,
  IndicatorCode,
  LimitRule,
  SampleContext,
  StandardGrade,
} from './standard-rule';

export interface ReadingInput {
  indicatorCode: IndicatorCode;
  value: number;
  qualifier: ValueQualifier;
}

export interface ReadingAssessment {
  indicatorCode: IndicatorCode;
  limitText: string | null;
  limitValue: number | null;
  ruleSource: string | null;
  compliant: boolean | null;
  exceedanceMultiple: number | null;
}

export function limitText(rule: LimitRule): string {
  const { bound } = rule;
  switch (bound.kind) {
    case 'max':
      return `≤ ${bound.value}`;
    case 'min':
      return `≥ ${bound.value}`;
    case 'range':
      return `${bound.min}–${bound.max}`;
  }
}

/**
 * Every reading of one sample against one standard grade. Conditions on the sample (water temperature for
 * NH3-N) read the sample's own measured values; an indicator the grade sets no limit for (flow, water
 * temperature…) is neither compliant nor exceeding (null), and so is a value below a detection limit that
 * is itself above the limit.
 */
export function assessSample(
  grade: StandardGrade | null,
  readings: ReadingInput[],
  facts: Omit<SampleContext, 'readings'>,
): ReadingAssessment[] {
  const context: SampleContext = {
    ...facts,
    readings: Object.fromEntries(
      readings
        .filter((r) => r.qualifier !== ValueQualifier.BelowDetection)
        .map((r) => [r.indicatorCode, r.value]),
    ),
  };
  return readings.map((reading) => {
    const rule = grade ? applicableRule(grade, reading.indicatorCode, context) : undefined;
    if (!rule) {
      return {
        indicatorCode: reading.indicatorCode,
        limitText: null,
        limitValue: null,
        ruleSource: null,
        compliant: null,
        exceedanceMultiple: null,
      };
    }
    const belowDetection = reading.qualifier === ValueQualifier.BelowDetection;
    const result = assess(rule, reading.value, belowDetection);
    // not detected, but with a detection limit above the limit: compliance cannot be told either way
    const undetermined = belowDetection && !result.compliant;
    return {
      indicatorCode: reading.indicatorCode,
      limitText: limitText(rule),
      limitValue: rule.bound.kind === 'range' ? null : rule.bound.value,
      ruleSource: rule.source,
      compliant: undetermined ? null : result.compliant,
      exceedanceMultiple: undetermined ? null : result.exceedanceMultiple,
    };
  });
}
