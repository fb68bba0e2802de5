import { DeviationDirection, ValueQualifier } from '@outfall/shared-types';
import {
  assess,
  chooseRule,
  IndicatorCode,
  LimitRule,
  RuleCondition,
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
  /** 超标倍数 for a maximum; null for a range (pH) or a minimum, which report `deviation` instead. */
  exceedanceMultiple: number | null;
  /** Range / minimum: distance outside the allowed values (0 inside); null for a maximum. */
  deviation: number | null;
  deviationDirection: DeviationDirection | null;
  /** What the assessment did beyond comparing with one limit (stricter limit for a missing input, pH deviation). */
  explanationZh: string | null;
  explanationEn: string | null;
}

/** Chinese names of the sample readings a condition can depend on. */
const READING_ZH: Record<string, string> = { temperature: '水温' };
const READING_EN: Record<string, string> = { temperature: 'Water temperature' };

/** Why the stricter limit was taken: one sentence per condition that could not be decided. */
export function stricterLimitNote(conditions: RuleCondition[]): { zh: string; en: string } {
  const zh = new Set<string>();
  const en = new Set<string>();
  for (const condition of conditions) {
    switch (condition.on) {
      case 'sample':
        zh.add(`未测${READING_ZH[condition.indicator] ?? condition.indicator}`);
        en.add(`${READING_EN[condition.indicator] ?? condition.indicator} not measured`);
        break;
      case 'outfall':
        zh.add('污水处理厂建设日期未知');
        en.add('plant build date unknown');
        break;
      case 'water':
        zh.add('受纳水体是否为湖库未知');
        en.add('whether the receiving water is a lake or reservoir is unknown');
        break;
    }
  }
  const enText = [...en].join(', ');
  return {
    zh: `${[...zh].join('、')}，按较严限值判定`,
    en: `${enText.charAt(0).toUpperCase()}${enText.slice(1)}: assessed against the stricter limit`,
  };
}

/** How far outside its allowed range a value lies, in words (pH 5.2 → "低于允许范围6–9下限 0.8"). */
export function deviationNote(
  rule: LimitRule,
  deviation: number,
  direction: DeviationDirection,
): { zh: string; en: string } {
  const range = limitText(rule);
  return direction === DeviationDirection.Below
    ? {
        zh: `低于允许范围（${range}）下限 ${deviation}`,
        en: `${deviation} below the allowed range (${range})`,
      }
    : {
        zh: `高于允许范围（${range}）上限 ${deviation}`,
        en: `${deviation} above the allowed range (${range})`,
      };
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

/** Limit texts by rule (built once per rule, not per reading). */
const LIMIT_TEXTS = new WeakMap<LimitRule, string>();
/** The stricter-limit note of a single undecided condition (the usual case), by condition. */
const SINGLE_NOTES = new WeakMap<RuleCondition, { zh: string; en: string }>();
/** What a reading without a limit for its indicator gets, by indicator. */
const NO_LIMIT = new Map<IndicatorCode, ReadingAssessment>();
/** What a compliant reading gets (it does not depend on the value), by rule and stricter-limit note. */
const COMPLIANT = new WeakMap<LimitRule, Map<string, ReadingAssessment>>();

function limitTextOf(rule: LimitRule): string {
  let text = LIMIT_TEXTS.get(rule);
  if (text === undefined) LIMIT_TEXTS.set(rule, (text = limitText(rule)));
  return text;
}

function noteOf(undecided: RuleCondition[]): { zh: string; en: string } | null {
  if (!undecided.length) return null;
  if (undecided.length > 1) return stricterLimitNote(undecided);
  let note = SINGLE_NOTES.get(undecided[0]);
  if (!note) SINGLE_NOTES.set(undecided[0], (note = stricterLimitNote(undecided)));
  return note;
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
  const measured: Partial<Record<IndicatorCode, number>> = {};
  for (const r of readings)
    if (r.qualifier !== ValueQualifier.BelowDetection) measured[r.indicatorCode] = r.value;
  const context: SampleContext = { ...facts, readings: measured };
  return readings.map((reading) => {
    const choice = grade ? chooseRule(grade, reading.indicatorCode, context) : undefined;
    // the results that do not depend on the value are shared (frozen: a batch assesses 10 000 readings
    // against a handful of rules, and nothing changes an assessment once made)
    if (!choice) {
      let none = NO_LIMIT.get(reading.indicatorCode);
      if (!none)
        NO_LIMIT.set(
          reading.indicatorCode,
          (none = Object.freeze({
            indicatorCode: reading.indicatorCode,
            limitText: null,
            limitValue: null,
            ruleSource: null,
            compliant: null,
            exceedanceMultiple: null,
            deviation: null,
            deviationDirection: null,
            explanationZh: null,
            explanationEn: null,
          })),
        );
      return none;
    }
    const { rule } = choice;
    const belowDetection = reading.qualifier === ValueQualifier.BelowDetection;
    const result = assess(rule, reading.value, belowDetection);
    // not detected, but with a detection limit above the limit: compliance cannot be told either way
    const undetermined = belowDetection && !result.compliant;
    const stricter = noteOf(choice.undecided);
    // the rule's part of a result (built only for a result that is not shared)
    const base = () => ({
      indicatorCode: reading.indicatorCode,
      limitText: limitTextOf(rule),
      limitValue: rule.bound.kind === 'range' ? null : rule.bound.value,
      ruleSource: rule.source,
    });
    if (result.compliant) {
      // compliant: exceedance 0 for a maximum, deviation 0 for a range or minimum, no deviation note
      let byNote = COMPLIANT.get(rule);
      if (!byNote) COMPLIANT.set(rule, (byNote = new Map()));
      let shared = byNote.get(stricter?.zh ?? '');
      if (!shared)
        byNote.set(
          stricter?.zh ?? '',
          (shared = Object.freeze({
            ...base(),
            compliant: true,
            exceedanceMultiple: result.exceedanceMultiple,
            deviation: result.deviation,
            deviationDirection: result.deviationDirection,
            explanationZh: stricter?.zh ?? null,
            explanationEn: stricter?.en ?? null,
          })),
        );
      return shared;
    }
    const notes: { zh: string; en: string }[] = [];
    if (stricter) notes.push(stricter);
    if (!undetermined && result.deviation && result.deviationDirection)
      notes.push(deviationNote(rule, result.deviation, result.deviationDirection));
    return {
      ...base(),
      compliant: undetermined ? null : result.compliant,
      exceedanceMultiple: undetermined ? null : result.exceedanceMultiple,
      deviation: undetermined ? null : result.deviation,
      deviationDirection: undetermined ? null : result.deviationDirection,
      explanationZh: notes.length ? notes.map((n) => n.zh).join('；') : null,
      explanationEn: notes.length ? notes.map((n) => n.en).join('; ') : null,
    };
  });
}
