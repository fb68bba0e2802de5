import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { BilingualText, CalendarDay, enumMessage, ListQueryDto, queryBool } from '@outfall/common';
import {
  OutfallCategory,
  OutfallSubType,
  SetupApproval,
  SetupDecision,
  SetupKind,
  SetupRoute,
  SetupStatus,
  WaterImpact,
} from '@outfall/shared-types';
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
} from 'class-validator';

@InputType('SetupApplicationFields')
export class SetupApplicationFieldsDto {
  @ApiPropertyOptional({ description: 'Existing outfall (change / enlarge); omit for a new one' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({ description: 'Proposed name (new outfall)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  outfallName?: string;

  @ApiPropertyOptional({
    enum: OutfallCategory,
    description: 'New outfall: its category (decides the route)',
  })
  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;

  @Field(() => OutfallSubType, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallSubType, { message: enumMessage('subType', OutfallSubType) })
  subType?: OutfallSubType;

  @ApiPropertyOptional({ description: 'WGS84; an existing outfall’s location when omitted' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'longitude must be a number' })
  @Min(-180)
  @Max(180)
  longitude?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'latitude must be a number' })
  @Min(-90)
  @Max(90)
  latitude?: number;

  @ApiPropertyOptional({ description: 'Receiving water; from the function zone or the outfall when omitted' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @ApiPropertyOptional({ description: 'Chosen where the directory cannot derive it from the location' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'functionZoneId must be a UUID' })
  functionZoneId?: string;

  @ApiPropertyOptional({ description: 'Township; derived from boundaries where they exist' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ description: 'Expected discharge, m³/d' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'expectedFlowM3d must be a number' })
  @Min(0, { message: 'expectedFlowM3d cannot be negative' })
  @Max(10_000_000)
  expectedFlowM3d?: number;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  pollutants?: string[];

  @Field(() => [WaterImpact], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(WaterImpact, { each: true, message: enumMessage('waterImpacts', WaterImpact) })
  waterImpacts?: WaterImpact[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

@InputType('CreateSetupApplicationInput')
export class CreateSetupApplicationDto extends SetupApplicationFieldsDto {
  @ApiProperty({ description: 'The applicant responsible entity' })
  @Field(() => ID)
  @IsUUID('all', { message: 'applicantId must be a UUID' })
  applicantId: string;

  @Field(() => SetupKind)
  @IsEnum(SetupKind, { message: enumMessage('kind', SetupKind) })
  kind: SetupKind;

  @ApiPropertyOptional({
    enum: SetupRoute,
    description: 'The route the applicant files under; refused (409) when the category requires the other',
  })
  @Field(() => SetupRoute, { nullable: true })
  @IsOptional()
  @IsEnum(SetupRoute, { message: enumMessage('route', SetupRoute) })
  route?: SetupRoute;
}

@InputType('UpdateSetupApplicationInput')
export class UpdateSetupApplicationDto extends SetupApplicationFieldsDto {
  @Field(() => Int)
  @Type(() => Number)
  @IsInt()
  version: number;
}

@InputType('SetupConsultationInput')
export class SetupConsultationDto {
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() consultedOn: string;
  @ApiProperty({ example: '昌吉市水利局' }) @Field() @IsString() @Length(1, 100) authority: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  documentNumber?: string;
  @Field() @IsString() @Length(1, 4000) opinion: string;
}

@InputType('SetupDecisionInput')
export class SetupDecisionDto {
  @Field(() => SetupDecision)
  @IsEnum(SetupDecision, { message: enumMessage('decision', SetupDecision) })
  decision: SetupDecision;

  @ApiPropertyOptional({ description: 'Conditions of the approval' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  conditions?: string;

  @ApiPropertyOptional({ description: 'Required to refuse' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reasons?: string;

  @ApiPropertyOptional({ description: 'Required when a rule needs review' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reviewNote?: string;

  @ApiProperty({ description: '文号' }) @Field() @IsString() @Length(1, 64) documentNumber: string;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() decidedOn: string;
}

@InputType('SetupFilingInput')
export class SetupFilingDto {
  @ApiProperty({ description: '备案号' }) @Field() @IsString() @Length(1, 64) documentNumber: string;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() filedOn: string;
  @ApiPropertyOptional({ description: 'Required when a rule needs review' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reviewNote?: string;
}

@InputType('SetupApplicationFilter')
export class SetupApplicationFilterDto {
  @Field(() => SetupStatus, { nullable: true })
  @IsOptional()
  @IsEnum(SetupStatus, { message: enumMessage('status', SetupStatus) })
  status?: SetupStatus;

  @Field(() => SetupRoute, { nullable: true })
  @IsOptional()
  @IsEnum(SetupRoute, { message: enumMessage('route', SetupRoute) })
  route?: SetupRoute;

  @Field(() => SetupKind, { nullable: true })
  @IsOptional()
  @IsEnum(SetupKind, { message: enumMessage('kind', SetupKind) })
  kind?: SetupKind;

  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'applicantId must be a UUID' })
  applicantId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'published must be true or false' })
  published?: boolean;

  @ApiPropertyOptional({ description: 'Code, outfall name or applicant name contains' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class SetupApplicationQueryDto extends IntersectionType(ListQueryDto, SetupApplicationFilterDto) {}

export class SetupRouteQueryDto {
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category: OutfallCategory;
}

@ObjectType('SetupRouteAnswer')
export class SetupRouteAnswer {
  @Field(() => OutfallCategory) category: OutfallCategory;
  @Field(() => SetupRoute) route: SetupRoute;
  @Field(() => BilingualText) reason: BilingualText;
  @ApiProperty({
    enum: SetupApproval,
    isArray: true,
    description: 'setupApproval values valid for the category',
  })
  @Field(() => [String])
  setupApprovals: SetupApproval[];
}

/** The publication fields of an approved or filed result, and nothing else (public). */
@ObjectType('PublishedSetupResult')
export class PublishedSetupResultDto {
  @Field() code: string;
  @Field() outfallName: string;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) outfallCode: string | null;
  @Field() applicantName: string;
  @Field(() => SetupKind) kind: SetupKind;
  @Field(() => SetupRoute) route: SetupRoute;
  @ApiProperty({ enum: SetupStatus, description: 'approved or filed' })
  @Field(() => SetupStatus)
  decision: SetupStatus;
  @Field() documentNumber: string;
  @Field() decidedOn: string;
  @Field() receivingWater: string;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) functionZone: string | null;
}

@ObjectType('PublishedSetupResultPage')
export class PublishedSetupPageDto {
  @Field(() => [PublishedSetupResultDto])
  items: PublishedSetupResultDto[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

@InputType('SetupNotificationInput')
export class SetupNotificationDto {
  @ApiProperty({ description: 'The industrial/mining enterprise' })
  @Field(() => ID)
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId: string;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() notifiedOn: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  documentNumber?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MultiOutfallQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only enterprises without (false) or with (true) a notification' })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'notified must be true or false' })
  notified?: boolean;
}

@ObjectType('MultiOutfallEnterprise')
export class MultiOutfallEnterpriseDto {
  @Field(() => ID) entityId: string;
  @Field() name: string;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) creditCode: string | null;
  @Field() divisionName: string;
  @ApiProperty({ description: 'Active industrial outfalls linked to the enterprise' })
  @Field(() => Int)
  outfallCount: number;
  @Field(() => [String]) outfallCodes: string[];
  @Field() notified: boolean;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) lastNotifiedOn: string | null;
  @ApiProperty({ description: 'Two or more outfalls outside a park and no notification: flagged' })
  @Field()
  flagged: boolean;
}

@ObjectType('MultiOutfallEnterprisePage')
export class MultiOutfallPageDto {
  @Field(() => [MultiOutfallEnterpriseDto])
  items: MultiOutfallEnterpriseDto[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

export class SetupLedgerDto extends SetupApplicationFilterDto {}
