import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

@ObjectType('RequirementReason')
export class RequirementReasonType {
  @ApiPropertyOptional({ nullable: true, description: 'The rule; null for the plan’s seven' })
  @Field(() => ID, { nullable: true })
  ruleId: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) ruleName: string | null;
  @ApiProperty() @Field() reasonZh: string;
  @ApiProperty() @Field() reasonEn: string;
}

@ObjectType('RequiredIndicator')
export class RequiredIndicatorType {
  @ApiProperty() @Field() code: string;
  @ApiProperty() @Field() nameZh: string;
  @ApiProperty() @Field() nameEn: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) unit: string | null;
  @ApiProperty({ type: [RequirementReasonType] })
  @Field(() => [RequirementReasonType])
  reasons: RequirementReasonType[];
}

@ObjectType('LatestSampleMissing')
export class LatestSampleMissingType {
  @ApiProperty() @Field(() => ID) id: string;
  @ApiProperty() @Field(() => GraphQLISODateTime) sampledAt: Date;
  @ApiProperty({ type: [RequiredIndicatorType], description: 'Required indicators the sample lacks' })
  @Field(() => [RequiredIndicatorType])
  missing: RequiredIndicatorType[];
}

@ObjectType('OutfallRequiredIndicators')
export class OutfallRequiredIndicatorsType {
  @ApiProperty() @Field(() => ID) outfallId: string;
  @ApiProperty({
    type: [RequiredIndicatorType],
    description: 'The seven and every matching rule’s, with reasons',
  })
  @Field(() => [RequiredIndicatorType])
  required: RequiredIndicatorType[];
  @ApiPropertyOptional({ type: LatestSampleMissingType, nullable: true })
  @Field(() => LatestSampleMissingType, { nullable: true })
  latestSample: LatestSampleMissingType | null;
  @ApiProperty({ description: 'The latest sample lacks a required indicator' })
  @Field()
  missingRequired: boolean;
}
