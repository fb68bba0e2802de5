import { AssessmentInputKey } from '@outfall/shared-types';

/** How one input turns into points: `weight` points at full marks. */
export interface ComponentConfig {
  weight: number;
  /** Count inputs (overdue plans, overdue notices): the share of the weight lost per item. */
  perItem?: number;
  /** Count inputs: the most of the weight they can lose (0–1). */
  cap?: number;
}

/** The accountability configuration, stored as versioned JSON and edited by the eco branch. */
export interface AccountabilityConfig {
  /** A quarter's submission is due this many Beijing days after the quarter's last day (default 5). */
  submissionDeadlineDays: number;
  /** A late submission earns this share of the timeliness weight (a missing one earns none). */
  lateSubmissionShare: number;
  /** Weights (and caps) of the inputs, by provider key; a key without a provider or value is not applicable. */
  components: Record<string, ComponentConfig>;
}

export const DEFAULT_ACCOUNTABILITY_CONFIG: AccountabilityConfig = {
  submissionDeadlineDays: 5,
  lateSubmissionShare: 0.5,
  components: {
    [AssessmentInputKey.Progress]: { weight: 40 },
    [AssessmentInputKey.OverduePlans]: { weight: 20, perItem: 0.25, cap: 1 },
    [AssessmentInputKey.OverdueNotices]: { weight: 15, perItem: 0.34, cap: 1 },
    [AssessmentInputKey.Submissions]: { weight: 15 },
    [AssessmentInputKey.PublicReports]: { weight: 10 },
  },
};

/** Problems of a configuration (field, message); empty when it is valid. */
export function configProblems(config: unknown): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const c = config as Partial<AccountabilityConfig> | null;
  if (!c || typeof c !== 'object') return [{ field: 'config', message: 'config must be an object' }];
  const days = c.submissionDeadlineDays;
  if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 60)
    problems.push({
      field: 'submissionDeadlineDays',
      message: 'submissionDeadlineDays must be an integer 0–60',
    });
  const share = c.lateSubmissionShare;
  if (typeof share !== 'number' || share < 0 || share > 1)
    problems.push({ field: 'lateSubmissionShare', message: 'lateSubmissionShare must be between 0 and 1' });
  if (!c.components || typeof c.components !== 'object' || !Object.keys(c.components).length) {
    problems.push({
      field: 'components',
      message: 'components must name at least one input with its weight',
    });
    return problems;
  }
  let total = 0;
  for (const [key, value] of Object.entries(c.components)) {
    if (!/^[a-zA-Z][a-zA-Z0-9]{0,39}$/.test(key))
      problems.push({ field: `components.${key}`, message: 'input keys are letters and digits' });
    const v = value as Partial<ComponentConfig> | null;
    if (!v || typeof v.weight !== 'number' || !(v.weight >= 0) || v.weight > 100) {
      problems.push({ field: `components.${key}.weight`, message: 'weight must be a number 0–100' });
      continue;
    }
    total += v.weight;
    for (const f of ['perItem', 'cap'] as const)
      if (v[f] !== undefined && (typeof v[f] !== 'number' || (v[f] as number) < 0 || (v[f] as number) > 1))
        problems.push({ field: `components.${key}.${f}`, message: `${f} must be between 0 and 1` });
  }
  if (total <= 0 && !problems.some((p) => p.field.startsWith('components.')))
    problems.push({ field: 'components', message: 'the weights must add up to more than 0' });
  return problems;
}

/** One input's value for a unit: a share 0–1 of its weight earned, and what it is made of. */
export interface InputValue {
  value: number;
  detail: Record<string, unknown> | string;
}

export interface ScoreLine {
  key: string;
  label: string;
  /** Configured weight. */
  weight: number;
  /** Weight after redistributing the weights of inputs that do not apply (0 when not applicable). */
  effectiveWeight: number;
  applicable: boolean;
  /** Share 0–1 of the weight earned (null when not applicable). */
  value: number | null;
  points: number;
  detail: Record<string, unknown> | string | null;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** The share earned by a count input: 1 − min(cap, perItem × count). */
export function countShare(count: number, component: ComponentConfig): number {
  return Math.max(0, 1 - Math.min(component.cap ?? 1, (component.perItem ?? 0) * count));
}

/**
 * A unit's score out of the total weight: every input that applies earns value × its weight, and the weights of
 * inputs that do not apply (no provider, or no value for this unit) are spread over the applicable ones in
 * proportion to their weights, so the maximum stays the total weight. Points are rounded to 2 decimals and the
 * score is the sum of the rounded points (the breakdown always adds up to the score).
 */
export function score(
  config: AccountabilityConfig,
  labels: Record<string, string>,
  values: Map<string, InputValue | undefined>,
): { score: number; maximum: number; lines: ScoreLine[] } {
  const entries = Object.entries(config.components);
  const maximum = entries.reduce((sum, [, c]) => sum + c.weight, 0);
  const applicableWeight = entries.reduce((sum, [key, c]) => sum + (values.get(key) ? c.weight : 0), 0);
  const factor = applicableWeight > 0 ? maximum / applicableWeight : 0;
  const lines: ScoreLine[] = entries.map(([key, c]) => {
    const input = values.get(key);
    const effectiveWeight = input ? r2(c.weight * factor) : 0;
    const value = input ? Math.max(0, Math.min(1, input.value)) : null;
    return {
      key,
      label: labels[key] ?? key,
      weight: c.weight,
      effectiveWeight,
      applicable: !!input,
      value: value === null ? null : Math.round(value * 10_000) / 10_000,
      points: input ? r2((value as number) * c.weight * factor) : 0,
      detail: input?.detail ?? null,
    };
  });
  return { score: r2(lines.reduce((sum, l) => sum + l.points, 0)), maximum, lines };
}
