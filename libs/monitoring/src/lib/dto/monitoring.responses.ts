import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { BilingualText, GraphQLJSON, PageOf } from '@outfall/common';
import {
  DeviationDirection,
  OutfallCategory,
  PlantGrade,
  WaterClass,
  WaterKind,
  ZoneTargetStatus,
} from '@outfall/shared-types';
import { DischargeStandard } from '../standards/discharge-standard.entity';

/**
 * What the monitoring, standards and tracing reads answer: one class per shape, for the REST document (the
 * swagger plugin reads the property types) and, where GraphQL answers the same shape, its object type.
 */

/** The receiving water-function zone of an outfall and its target status. */
@ObjectType('ReceivingZone', { description: 'The receiving water-function zone of an outfall' })
export class ReceivingZone {
  @Field() name: string;
  @Field(() => String) targetClass: WaterClass;
  /** met, not_met or unknown (未知: never counted as met). */
  @Field(() => String, { description: 'met, not_met or unknown (未知: never counted as met)' })
  targetStatus: ZoneTargetStatus;
  /** The target status is unknown: to be reviewed. */
  @Field({ description: 'The target status is unknown: to be reviewed' }) needsReview: boolean;
}

/** What the resolver read about one outfall. */
export class OutfallStandardFactsView {
  category: OutfallCategory;
  waterKind: WaterKind;
  targetClass: WaterClass | null;
  /** The receiving function zone (nearest on the receiving water). */
  zoneName: string | null;
  /** Whether the zone meets its target (null: unknown). */
  zoneTargetMet: boolean | null;
  /** WWTPs only */
  plantGrade: PlantGrade | null;
  /** YYYY-MM-DD */
  plantBuiltOn: string | null;
  overrideStandardId: string | null;
  overrideReason: string | null;
}

/** The outfall and water facts the limit rules' conditions are evaluated on. */
export class StandardRuleContext {
  /** Present only when the plant's build date is known. */
  plantBuiltBefore2006?: boolean;
  isLakeOrReservoir: boolean;
}

/** The standard that applies to one outfall, why, and the facts conditions are evaluated on. */
export class StandardResolution {
  outfallId: string;
  standard: DischargeStandard;
  explanation: BilingualText;
  facts: OutfallStandardFactsView;
  context: StandardRuleContext;
  /** The receiving function zone and its target status; an unknown status needs review. Null without a zone. */
  zone: ReceivingZone | null;
}

/** One exceeding reading (超标) with the limit applied and the multiple. */
@ObjectType('Exceedance')
export class ExceedanceView {
  @Field(() => ID) sampleId: string;
  @Field(() => ID) outfallId: string;
  @Field() outfallCode: string;
  @Field() outfallName: string;
  @Field(() => GraphQLISODateTime) sampledAt: Date;
  @Field() source: string;
  @Field() indicator: string;
  @Field(() => Float) value: number;
  @Field() qualifier: string;
  @Field(() => String, { nullable: true }) limitText: string | null;
  @Field(() => Float, { nullable: true }) limitValue: number | null;
  @Field(() => Float, { nullable: true }) exceedanceMultiple: number | null;
  /** pH: distance outside the allowed range. */
  @Field(() => Float, { nullable: true, description: 'pH: distance outside the allowed range' })
  deviation: number | null;
  @Field(() => String, { nullable: true, description: 'below or above' })
  deviationDirection: DeviationDirection | null;
  @Field(() => String, { nullable: true }) explanationZh: string | null;
  @Field(() => String, { nullable: true }) explanationEn: string | null;
  @Field(() => String, { nullable: true }) standardId: string | null;
  @Field(() => String, { nullable: true }) ruleSource: string | null;
}

export class ExceedanceViewPage extends PageOf(ExceedanceView) {}

/** An outfall where at least N of its last M samples exceed. */
@ObjectType('ChronicOutfall')
export class ChronicOutfallView {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field() category: string;
  @Field() waterName: string;
  @Field() divisionName: string;
  @Field(() => Int) recentSamples: number;
  @Field(() => Int) recentExceeding: number;
  @Field(() => GraphQLISODateTime) lastSampledAt: Date;
}

export class ChronicOutfallViewPage extends PageOf(ChronicOutfallView) {}

/** The latest reading of one indicator at an outfall, with its assessment. */
export class LatestReading {
  indicator: string;
  value: number;
  qualifier: string;
  sampledAt: Date;
  sampleId: string;
  limitText: string | null;
  compliant: boolean | null;
  exceedanceMultiple: number | null;
  deviation: number | null;
  deviationDirection: DeviationDirection | null;
  explanationZh: string | null;
  explanationEn: string | null;
}

/** The chronic-exceedance rule: at least `count` of the last `window` samples exceed. */
export class ChronicRule {
  count: number;
  window: number;
}

/** Latest reading per indicator, exceedances in the last 12 months, the chronic flag, the standard. */
@ObjectType('OutfallMonitoringStatus')
export class OutfallMonitoringStatus {
  @Field(() => ID) outfallId: string;
  @Field() standardId: string;
  @Field() standardName: string;
  @Field(() => GraphQLJSON) explanation: BilingualText;
  /** The receiving zone and its target status (unknown: needs review). */
  @Field(() => ReceivingZone, { nullable: true }) zone: ReceivingZone | null;
  /** Latest reading per indicator. */
  @Field(() => GraphQLJSON, { description: 'Latest reading per indicator' }) latest: LatestReading[];
  @Field(() => GraphQLISODateTime, { nullable: true }) lastSampledAt: Date | null;
  @Field(() => Int) samplesLast12Months: number;
  @Field(() => Int) exceedingLast12Months: number;
  @Field(() => Int) recentSamples: number;
  @Field(() => Int) recentExceeding: number;
  @Field() chronic: boolean;
  @Field(() => GraphQLJSON) chronicRule: ChronicRule;
}

/** A pollution source picked by a tracing record: a responsible entity, or a named source outside the directory. */
export class PollutionSourceRef {
  entityId: string | null;
  name: string | null;
  creditCode: string | null;
  description: string | null;
}

/** One row of the pollution-source list: a traced outfall, its sources, main pollutants, flow and latest status. */
@ObjectType('PollutionSource')
export class PollutionSourceView {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field() category: string;
  @Field() waterName: string;
  @Field() divisionName: string;
  @Field(() => ID) tracingId: string;
  /** YYYY-MM-DD */
  @Field() tracedOn: string;
  @Field() complete: boolean;
  /** YYYY-MM-DD */
  @Field(() => String, { nullable: true }) completedOn: string | null;
  @Field(() => String, { nullable: true }) sewageOrigin: string | null;
  @Field(() => [String]) mainFactors: string[];
  @Field(() => String, { nullable: true }) conclusion: string | null;
  @Field(() => GraphQLJSON) sources: PollutionSourceRef[];
  @Field(() => Float, { nullable: true }) latestFlow: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastSampledAt: Date | null;
  @Field(() => Boolean, { nullable: true }) lastSampleExceeding: boolean | null;
  @Field(() => [String]) lastExceedingIndicators: string[];
  /** The latest sample lacks a required indicator (the seven or a requirement rule's). */
  @Field({ description: 'The latest sample lacks a required indicator' }) missingRequired: boolean;
  /** Required indicators the latest sample lacks. */
  @Field(() => [String], { description: 'Required indicators the latest sample lacks' })
  missingIndicators: string[];
}

export class PollutionSourceViewPage extends PageOf(PollutionSourceView) {}
