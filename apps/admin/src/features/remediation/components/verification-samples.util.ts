/** Why a sample does or does not qualify a plan for 核查销号 (mirrors PlansService.evidenceGate). */
export type SampleVerdict = 'qualifies' | 'beforeCompletion' | 'exceeding' | 'undetermined' | 'noLimit';

export interface VerifiableSample {
  id: string;
  /** ISO 8601 instant. */
  sampledAt: string;
  exceeding: boolean;
  values: ReadonlyArray<{ compliant: boolean | null; limitText: string | null }>;
}

/** The Beijing calendar day of an instant. */
export function beijingDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A verdict per sample, newest first as given: a sample qualifies when it was taken on or after the completion
 * day, exceeds nothing, has at least one reading judged compliant against a limit and no reading that has a
 * limit but could not be judged. The API uses the newest qualifying sample.
 */
export function sampleVerdict(sample: VerifiableSample, completedOn: string | null): SampleVerdict {
  if (!completedOn || beijingDay(sample.sampledAt) < completedOn) return 'beforeCompletion';
  if (sample.exceeding) return 'exceeding';
  if (sample.values.some((value) => value.compliant === null && value.limitText !== null))
    return 'undetermined';
  if (!sample.values.some((value) => value.compliant === true)) return 'noLimit';
  return 'qualifies';
}
