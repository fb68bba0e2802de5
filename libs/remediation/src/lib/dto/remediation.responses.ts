import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FeatureCollectionOf, GraphQLJSON, PageOf } from '@outfall/common';
import { Disposition, Problem } from '@outfall/shared-types';
import { RemediationDecision, SuggestionReason } from '../disposition/remediation-decision.entity';

/** What the disposition and plan reads answer (REST schemas from the property types; GraphQL where shared). */

/** The disposition the plan's rules suggest for an outfall, why, and the problems found. */
export class Suggestion {
  disposition: Disposition;
  /** Ban batch: interim measures because the outfall predates the zone. */
  interim: boolean;
  reasons: SuggestionReason[];
  problems: Problem[];
}

/** An outfall with the suggested disposition (and its reasons) and the decision taken, if any. */
@ObjectType('DispositionView')
export class DispositionView {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field() category: string;
  @Field(() => GraphQLJSON, { description: 'disposition, interim, reasons, problems' })
  suggestion: Suggestion;
  @Field(() => RemediationDecision, { nullable: true }) decision: RemediationDecision | null;
}

export class DispositionViewPage extends PageOf(DispositionView) {}

/** Overdue and open plans of one responsible unit or township. */
@ObjectType('OverdueGroup')
export class OverdueGroup {
  /** The unit's or the township's id. */
  @Field(() => ID) id: string;
  @Field() name: string;
  /** Plans past their deadline and not completed. */
  @Field(() => Int, { description: 'Plans past their deadline and not completed' }) overdue: number;
  /** Plans not completed. */
  @Field(() => Int, { description: 'Plans not completed' }) open: number;
}

/** The properties of one sewer coverage area feature. */
export class SewerCoverageProperties {
  id: string;
  name: string;
  version: number;
}

/** The sewer network's coverage as a GeoJSON FeatureCollection. */
export class SewerCoverageCollection extends FeatureCollectionOf(
  SewerCoverageProperties,
  'SewerCoverageFeature',
) {}

/** The id of the row a POST created. */
export class SewerCoverageCreated {
  id: string;
}
