import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDay, enumMessage } from '@outfall/common';
import { OutfallEvent } from '@outfall/directory';
import { Disposition, MilestoneType } from '@outfall/shared-types';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';

/**
 * A historical back-entry (补录) of remediation done before the platform existed: the completion (and, when
 * it was verified then, the verification) on their Beijing days, with the reason and the document it rests on.
 * When the outfall has no disposition decision yet, `disposition` and `decidedOn` record it in the same call.
 */
export class BackEntryDto {
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day) the remediation was completed' })
  @CalendarDay()
  completedOn: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Beijing day) it was verified (核查销号), if it was' })
  @IsOptional()
  @CalendarDay()
  verifiedOn?: string;

  @ApiProperty({ description: 'Why it is entered after the fact (mandatory)' })
  @IsString({ message: 'reason is required' })
  @Length(2, 1000, { message: 'reason is required (2 to 1000 characters)' })
  reason: string;

  @ApiProperty({ description: 'The document it rests on: number or title (文号), mandatory' })
  @IsString({ message: 'documentRef is required' })
  @Length(2, 200, { message: 'documentRef is required (2 to 200 characters)' })
  documentRef: string;

  @ApiPropertyOptional({ description: 'Photos uploaded to the outfall (optional for work before go-live)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('4', { each: true, message: 'photoIds must be attachment ids' })
  photoIds?: string[];

  @ApiPropertyOptional({ enum: Disposition, description: 'When not decided yet: the disposition taken then' })
  @IsOptional()
  @IsEnum(Disposition, { message: enumMessage('disposition', Disposition) })
  disposition?: Disposition;

  @ApiPropertyOptional({ description: 'With disposition: YYYY-MM-DD (Beijing day) it was decided' })
  @IsOptional()
  @CalendarDay()
  decidedOn?: string;
}

/** Confirms a hand-set milestone as a back-entry (it keeps its date). */
export class ConfirmMilestoneDto {
  @ApiProperty({ description: 'Why the hand-set milestone stands (mandatory)' })
  @IsString({ message: 'reason is required' })
  @Length(2, 1000, { message: 'reason is required (2 to 1000 characters)' })
  reason: string;

  @ApiProperty({ description: 'The document it rests on (文号), mandatory' })
  @IsString({ message: 'documentRef is required' })
  @Length(2, 200, { message: 'documentRef is required (2 to 200 characters)' })
  documentRef: string;
}

@InputType('MilestoneReviewFilter')
export class MilestoneReviewQueryDto {
  @ApiPropertyOptional({ enum: MilestoneType })
  @Field(() => MilestoneType, { nullable: true })
  @IsOptional()
  @IsEnum(MilestoneType, { message: enumMessage('type', MilestoneType) })
  type?: MilestoneType;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

/** A workflow-owned milestone set by hand before the rule, waiting for the eco branch. */
@ObjectType('MilestoneReviewItem')
export class MilestoneReviewItem {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field(() => MilestoneType) type: MilestoneType;
  /** YYYY-MM-DD */
  @Field({ description: 'YYYY-MM-DD' }) effectiveOn: string;
  @Field() source: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
}

/** A reverted milestone: what the workflow's own records now say, or null when they set none. */
export class MilestoneRevertResult {
  milestone: OutfallEvent | null;
}
