import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, enumMessage, ListQueryDto, PageOf, queryBool } from '@outfall/common';
import {
  Disposition,
  OutfallCategory,
  PlanAction,
  PlanStatus,
  Problem,
  TargetState,
} from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RemediationPlan } from '../plans/remediation-plan.entity';

@InputType('DecideDispositionInput')
export class DecideDispositionDto {
  @Field(() => Disposition)
  @IsEnum(Disposition, { message: enumMessage('disposition', Disposition) })
  disposition: Disposition;

  @ApiPropertyOptional({ description: 'Ban batch only: interim measures (the outfall predates the zone)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'interim must be true or false' })
  interim?: boolean;

  @ApiPropertyOptional({ description: 'Required when the decision differs from the suggestion' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day); the "remediation decided" milestone' })
  @Field()
  @CalendarDay()
  decidedOn: string;
}

@InputType('PlanMilestoneInput')
export class PlanMilestoneDto {
  @Field() @IsString() @Length(1, 100) name: string;
  @Field() @CalendarDay() plannedOn: string;
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  actualOn?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@InputType('PlanInput')
export class PlanDto {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(Problem, { each: true, message: enumMessage('problems', Problem) })
  problems?: Problem[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  problemNotes?: string;

  @Field() @IsString() @Length(1, 4000) measures: string;

  @Field(() => TargetState)
  @IsEnum(TargetState, { message: enumMessage('targetState', TargetState) })
  targetState: TargetState;

  @ApiPropertyOptional({ description: 'Required with target state merged_into' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'mergeIntoId must be a UUID' })
  mergeIntoId?: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'responsibleUnitId must be a UUID' })
  responsibleUnitId: string;

  @Field() @IsString() @Length(1, 50) responsiblePerson: string;

  @Field()
  @Matches(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, {
    message: 'responsiblePhone must be a mobile or landline number',
  })
  responsiblePhone: string;

  @Field() @CalendarDay() deadline: string;

  @Field(() => [PlanMilestoneDto], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanMilestoneDto)
  milestones?: PlanMilestoneDto[];

  @ApiPropertyOptional({ type: [String], description: 'Outfall photo attachments taken before the work' })
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'beforePhotoIds must be UUIDs' })
  beforePhotoIds?: string[];
}

@InputType('CreatePlanInput')
export class CreatePlanDto extends PlanDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;
}

/** Changes to a plan: the whole plan in draft; later only milestones, progress and evidence. */
@InputType('UpdatePlanInput')
export class UpdatePlanDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;

  @ApiPropertyOptional({ type: PlanDto, description: 'Draft only' })
  @Field(() => PlanDto, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanDto)
  plan?: PlanDto;

  @Field(() => [PlanMilestoneDto], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanMilestoneDto)
  milestones?: PlanMilestoneDto[];

  @ApiPropertyOptional({ description: 'Appends a progress note' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  progressNote?: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'beforePhotoIds must be UUIDs' })
  beforePhotoIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'afterPhotoIds must be UUIDs' })
  afterPhotoIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'evidenceIds must be UUIDs' })
  evidenceIds?: string[];
}

@InputType('PlanTransitionInput')
export class TransitionDto {
  @Field(() => String)
  @IsEnum(PlanAction, { message: enumMessage('action', PlanAction) })
  action: PlanAction;

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;

  @ApiPropertyOptional({ description: 'Why; required to return a plan or reject a completion' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    description: 'The Beijing day the step happened (default today; earlier days for work done in 2023–2024)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  on?: string;
}

@InputType('PlanFilter')
export class PlanFilterDto {
  @Field(() => PlanStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PlanStatus, { message: enumMessage('status', PlanStatus) })
  status?: PlanStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'responsibleUnitId must be a UUID' })
  responsibleUnitId?: string;

  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;

  @ApiPropertyOptional({ description: 'Only plans past their deadline and not completed' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;
}

export class PlanQueryDto extends IntersectionType(ListQueryDto, PlanFilterDto) {}

export class DispositionQueryDto extends IntersectionType(ListQueryDto, PlanFilterDto) {
  @ApiPropertyOptional({ description: 'Only outfalls without (false) or with (true) a decision' })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'decided must be true or false' })
  decided?: boolean;
}

export class SewerCoverageDto {
  @IsString() @Length(1, 100) name: string;
  @ApiProperty({ description: 'GeoJSON Polygon or MultiPolygon (WGS84)' })
  @IsObject({ message: 'geometry must be a GeoJSON Polygon or MultiPolygon' })
  geometry: Record<string, unknown>;
}

export enum RemediationLedgerKind {
  Rectification = 'rectification',
  Investigation = 'investigation',
  Archive = 'archive',
}

export class RemediationLedgerDto extends PlanFilterDto {
  @IsEnum(RemediationLedgerKind, { message: enumMessage('kind', RemediationLedgerKind) })
  kind: RemediationLedgerKind;
}

/** A remediation plan with what may be done next and whether it is past its deadline. */
export class RemediationPlanView extends RemediationPlan {
  /** The transitions the plan's status allows now */
  nextActions: PlanAction[];
  /** Past its deadline (Beijing day) and neither completed nor verified */
  overdue: boolean;
}

/** A page of RemediationPlanView: `{ items, total, limit, offset }`. */
export class RemediationPlanViewPage extends PageOf(RemediationPlanView) {}
