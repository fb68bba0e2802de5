import { Injectable } from '@nestjs/common';
import type { InputValue } from './assessment.formula';

/**
 * An input of the quarterly assessment (考核) that a domain contributes: for a quarter (`2026Q3`), each unit's
 * value as a share 0–1 of the input's weight, with a detail shown in the breakdown. A unit absent from the map
 * is "not applicable" for this input (its weight is spread over the others). The public-reports lib, for one,
 * registers `publicReports` (share of reports handled by their deadline) from its module's onModuleInit.
 */
export interface AssessmentInputProvider {
  /** Stable key; the configuration's `components` give it a weight. */
  key: string;
  /** Chinese label shown in the breakdown. */
  label: string;
  load(quarter: string): Promise<Map<string, InputValue>>;
}

/** The registry of assessment inputs: built-in ones and those other domains register. */
@Injectable()
export class AssessmentInputs {
  private readonly providers = new Map<string, AssessmentInputProvider>();

  register(provider: AssessmentInputProvider): void {
    this.providers.set(provider.key, provider);
  }

  get(key: string): AssessmentInputProvider | undefined {
    return this.providers.get(key);
  }

  list(): AssessmentInputProvider[] {
    return [...this.providers.values()];
  }
}
