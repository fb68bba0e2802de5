import { Field, Int, ObjectType } from '@nestjs/graphql';

/** How many exceedances within how many samples make an outfall a chronic exceeder. */
@ObjectType('ChronicExceedanceRule')
export class ChronicExceedanceRule {
  /** Exceedances needed */
  @Field(() => Int, { description: 'Exceedances needed' })
  count: number;
  /** Out of this many latest samples */
  @Field(() => Int, { description: 'Out of this many latest samples' })
  window: number;
}

/** The thresholds the platform's rules use (metres unless stated). */
@ObjectType('MetaRules', { description: 'The thresholds the platform’s rules use (metres unless stated)' })
export class MetaRules {
  /** Distance to a key area that makes an outfall "near a key area" */
  @Field({ description: 'Distance to a key area that makes an outfall "near a key area"' })
  keyAreaDistanceM: number;
  /** Distance under which two outfalls are flagged as possible duplicates */
  @Field({ description: 'Distance under which two outfalls are flagged as possible duplicates' })
  duplicateDistanceM: number;
  /** Distance under which aquaculture outfalls form a cluster */
  @Field({ description: 'Distance under which aquaculture outfalls form a cluster' })
  aquacultureClusterDistanceM: number;
  @Field(() => ChronicExceedanceRule)
  chronicExceedance: ChronicExceedanceRule;
}

/** Public facts the login page and the explanations on records need. */
@ObjectType('Meta', { description: 'Public facts the login page and the explanations on records need' })
export class MetaResponse {
  /** Whether this installation runs with demo data */
  @Field({ description: 'Whether this installation runs with demo data' })
  demo: boolean;
  /** The API's version */
  @Field({ description: 'The API’s version' })
  version: string;
  @Field(() => MetaRules)
  rules: MetaRules;
}
