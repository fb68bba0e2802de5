import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, enumMessage, Instant, ListQueryDto, queryBool } from '@outfall/common';
import { OutfallArea, OutfallCategory, PatrolFindingKind, PatrolFlow } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

@InputType('PatrolFindingInput')
export class PatrolFindingDto {
  @Field(() => PatrolFindingKind)
  @IsEnum(PatrolFindingKind, { message: enumMessage('kind', PatrolFindingKind) })
  kind: PatrolFindingKind;

  @ApiProperty({ maxLength: 1000 })
  @Field()
  @IsString({ message: 'description must be text' })
  @Length(1, 1000, { message: 'description: 请描述发现的问题 (1–1000 characters)' })
  description: string;
}

@InputType('PatrolChecklistInput')
export class PatrolFieldsDto {
  @ApiProperty({
    description: 'When (with an offset as written; without one Beijing time)',
    example: '2025-06-01T09:30:00+08:00',
  })
  @Field({ description: 'Date-time; without an offset it is Beijing time' })
  @Instant()
  patrolledAt: Date;

  @ApiProperty({ description: 'Who patrolled (names, e.g. 张三、李四)' })
  @Field()
  @IsString({ message: 'patrollerNames must be text' })
  @Length(1, 100, { message: 'patrollerNames: 请填写巡查人员 (1–100 characters)' })
  patrollerNames: string;

  @ApiProperty({ description: 'GPS longitude (WGS 84)' })
  @Field(() => Float)
  @Type(() => Number)
  @IsNumber({}, { message: 'longitude must be a number' })
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude: number;

  @ApiProperty({ description: 'GPS latitude (WGS 84)' })
  @Field(() => Float)
  @Type(() => Number)
  @IsNumber({}, { message: 'latitude must be a number' })
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude: number;

  @Field() @IsBoolean({ message: 'signIntact must be true or false' }) signIntact: boolean;
  @Field() @IsBoolean({ message: 'discharging must be true or false' }) discharging: boolean;
  @Field()
  @IsBoolean({ message: 'colourAbnormal must be true or false' })
  colourAbnormal: boolean;
  @Field()
  @IsBoolean({ message: 'odourAbnormal must be true or false' })
  odourAbnormal: boolean;

  @Field(() => PatrolFlow)
  @IsEnum(PatrolFlow, { message: enumMessage('flowEstimate', PatrolFlow) })
  flowEstimate: PatrolFlow;

  @Field()
  @IsBoolean({ message: 'newPipesNearby must be true or false' })
  newPipesNearby: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

@InputType('CreatePatrolInput')
export class CreatePatrolDto extends PatrolFieldsDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;

  @Field(() => [PatrolFindingDto], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PatrolFindingDto)
  findings?: PatrolFindingDto[];
}

@InputType('UpdatePatrolInput')
export class UpdatePatrolDto extends PatrolFieldsDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @Type(() => Number)
  @IsInt()
  version: number;
}

@InputType('PatrolFilterInput')
export class PatrolFilterDto {
  @ApiPropertyOptional({ description: 'Responsible unit' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Township / sub-district (division)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({ description: 'Patrol day from (Beijing day, inclusive)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Patrol day to (Beijing day, inclusive)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  to?: string;

  @ApiPropertyOptional({ description: 'Only patrols with (true) or without (false) findings' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'hasFindings must be true or false' })
  hasFindings?: boolean;

  @ApiPropertyOptional({ description: 'Only patrols of outfalls whose next patrol is overdue today' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only patrols whose GPS point is beyond the distance limit' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'distanceFlagged must be true or false' })
  distanceFlagged?: boolean;
}

export class PatrolQueryDto extends IntersectionType(ListQueryDto, PatrolFilterDto) {}

/** Schedules: the outfalls within the caller's jurisdiction with their interval and next due day. */
@InputType('PatrolScheduleFilterInput')
export class ScheduleFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Code or name contains' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ScheduleQueryDto extends IntersectionType(ListQueryDto, ScheduleFilterDto) {}

@InputType('PatrolRuleInput')
export class PatrolRuleDto {
  @ApiPropertyOptional({ enum: OutfallCategory, nullable: true, description: 'Blank: any category' })
  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory | null;

  @ApiPropertyOptional({ enum: OutfallArea, nullable: true, description: 'Blank: any area' })
  @Field(() => OutfallArea, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallArea, { message: enumMessage('area', OutfallArea) })
  area?: OutfallArea | null;

  @ApiPropertyOptional({ nullable: true, description: 'On a key river; blank: any water' })
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'keyRiver must be true, false or blank' })
  keyRiver?: boolean | null;

  @ApiProperty({ minimum: 1, maximum: 366 })
  @Field(() => Int)
  @Type(() => Number)
  @IsInt({ message: 'intervalDays must be a whole number of days' })
  @Min(1, { message: 'intervalDays: 巡查间隔至少 1 天 (at least 1 day)' })
  @Max(366, { message: 'intervalDays: 巡查间隔不超过 366 天 (at most 366 days)' })
  intervalDays: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

@InputType('PatrolConfigInput')
export class PatrolConfigDto {
  @ApiProperty({ minimum: 10, maximum: 5000, description: 'Metres' })
  @Field(() => Int)
  @Type(() => Number)
  @IsInt({ message: 'distanceLimitM must be a whole number of metres' })
  @Min(10, { message: 'distanceLimitM: 距离阈值至少 10 米 (at least 10 m)' })
  @Max(5000, { message: 'distanceLimitM: 距离阈值不超过 5000 米 (at most 5000 m)' })
  distanceLimitM: number;
}

@InputType('PatrolScheduleOverrideInput')
export class ScheduleOverrideDto {
  @ApiProperty({ minimum: 1, maximum: 366 })
  @Field(() => Int)
  @Type(() => Number)
  @IsInt({ message: 'intervalDays must be a whole number of days' })
  @Min(1, { message: 'intervalDays: 巡查间隔至少 1 天 (at least 1 day)' })
  @Max(366, { message: 'intervalDays: 巡查间隔不超过 366 天 (at most 366 days)' })
  intervalDays: number;

  @ApiProperty({ maxLength: 200 })
  @Field()
  @IsString()
  @Length(1, 200, { message: 'reason: 请说明调整巡查频次的原因 (1–200 characters)' })
  reason: string;
}

export class PatrolLedgerDto extends PatrolFilterDto {}
