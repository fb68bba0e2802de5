/** How many exceedances within how many samples make an outfall a chronic exceeder. */
export class ChronicExceedanceRule {
  /** Exceedances needed */
  count: number;
  /** Out of this many latest samples */
  window: number;
}

/** The thresholds the platform's rules use (metres unless stated). */
export class MetaRules {
  /** Distance to a key area that makes an outfall "near a key area" */
  keyAreaDistanceM: number;
  /** Distance under which two outfalls are flagged as possible duplicates */
  duplicateDistanceM: number;
  /** Distance under which aquaculture outfalls form a cluster */
  aquacultureClusterDistanceM: number;
  chronicExceedance: ChronicExceedanceRule;
}

/** Public facts the login page and the explanations on records need. */
export class MetaResponse {
  /** Whether this installation runs with demo data */
  demo: boolean;
  /** The API's version */
  version: string;
  rules: MetaRules;
}
