import { TracingRecord } from '../tracing/tracing-record.entity';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  CalendarDay,
  enumMessage,
  ItemsCheckedByService,
  ListQueryDto,
  PageOf,
  queryBool,
} from '@outfall/common';
import {
  OutfallCategory,
  OutfallSubType,
  PlantGrade,
  SampleSource,
  SewageOrigin,
  TracingMethod,
  ValueQualifier,
} from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Sample, SampleValue } from '../samples/sample.entity';

/** The most rows one batch request may carry. */
export const MAX_BATCH_ROWS = 10_000;

/** Filters shared by the sample, exceedance, chronic, tracing and pollution-source lists. */
@InputType('MonitoringFilter')
export class MonitoringFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;

  @ApiPropertyOptional({ description: 'Indicator code, e.g. cod' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  indicator?: string;

  @ApiPropertyOptional({ description: 'Period start (YYYY-MM-DD, Asia/Shanghai, inclusive)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Period end (YYYY-MM-DD, Asia/Shanghai, inclusive)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  to?: string;

  @Field(() => SampleSource, { nullable: true })
  @IsOptional()
  @IsEnum(SampleSource, { message: enumMessage('source', SampleSource) })
  source?: SampleSource;

  @ApiPropertyOptional({
    description: 'Samples: only those with (true) or without (false) an exceeding value',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'exceeding must be true or false' })
  exceeding?: boolean;

  @ApiPropertyOptional({
    description:
      'Samples: only those that lack (true) or have (false) every required indicator; pollution sources: by the latest sample',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'missingRequired must be true or false' })
  missingRequired?: boolean;

  @ApiPropertyOptional({ description: 'Tracing: only complete (true) or open (false) records' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'complete must be true or false' })
  complete?: boolean;
}

export class SampleQueryDto extends IntersectionType(ListQueryDto, MonitoringFilterDto) {}

export class ExceedanceQueryDto extends IntersectionType(ListQueryDto, MonitoringFilterDto) {}

@InputType('SampleValueInput')
export class SampleValueDto {
  @ApiProperty({ description: 'Indicator code from the catalogue' })
  @Field()
  @IsString()
  @MaxLength(32)
  indicator: string;

  @ApiProperty({ description: 'The reading; for a below-detection value, the detection limit may go here' })
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  value: number;

  @ApiPropertyOptional({ enum: ValueQualifier, default: ValueQualifier.Measured })
  @Field(() => ValueQualifier, { nullable: true })
  @IsOptional()
  @IsEnum(ValueQualifier, { message: enumMessage('qualifier', ValueQualifier) })
  qualifier?: ValueQualifier;

  @ApiPropertyOptional({ description: 'Required when the qualifier is below_detection' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'detectionLimit must be a number' })
  detectionLimit?: number;
}

/** One sample with its readings, entered by hand. Same outfall + time + source updates that sample. */
@InputType('CreateSampleInput')
export class CreateSampleDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;

  @ApiProperty({ description: 'ISO 8601 with offset, e.g. 2024-05-01T10:30:00+08:00' })
  @Field()
  @IsISO8601({ strict: true }, { message: 'sampledAt must be an ISO 8601 date-time' })
  sampledAt: string;

  @Field(() => SampleSource)
  @IsEnum(SampleSource, { message: enumMessage('source', SampleSource) })
  source: SampleSource;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  laboratory?: string;

  @ApiPropertyOptional({ description: 'm³/s' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'flowRate must be a number' })
  @Min(0, { message: 'flowRate cannot be negative' })
  flowRate?: number;

  @ApiPropertyOptional({ description: 'm/s' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'velocity must be a number' })
  @Min(0, { message: 'velocity cannot be negative' })
  velocity?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ type: [String], description: 'Outfall attachments (lab reports) to cite' })
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'attachmentIds must be UUIDs' })
  attachmentIds?: string[];

  @Field(() => [SampleValueDto])
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SampleValueDto)
  values: SampleValueDto[];
}

/**
 * One row of a batch: one reading. Rows with the same outfall, time and source form one sample. The
 * outfall is named by `outfallId` or by `outfallCode` (local or national code).
 */
export class SampleRowDto {
  outfallId?: string;
  @ApiPropertyOptional({ description: 'Local code or national code, when outfallId is not given' })
  outfallCode?: string;
  @ApiProperty({ description: 'ISO 8601 with offset' })
  sampledAt: string;
  source: SampleSource;
  laboratory?: string;
  indicator: string;
  value: number;
  qualifier?: ValueQualifier;
  detectionLimit?: number;
}

/**
 * Up to 10 000 readings. The batch is all-or-nothing: one bad row rejects the whole batch with every bad
 * row listed (`rows[i].field`), so a sender can fix and resend it; resending the same batch changes nothing.
 */
export class SampleBatchDto {
  @ApiProperty({ type: [SampleRowDto], maxItems: MAX_BATCH_ROWS })
  @IsArray({ message: 'rows must be an array' })
  // each row is checked once, by SamplesService.checkRows (not copied and re-checked by the pipe first)
  @ItemsCheckedByService()
  rows: SampleRowDto[];
}

@InputType('IndicatorInput')
export class CreateIndicatorDto {
  @ApiProperty({ description: 'Lower-case code: letters, digits, underscore' })
  @Field()
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, {
    message: 'code must be 2–32 lower-case letters, digits or underscores, starting with a letter',
  })
  code: string;

  @Field()
  @IsString()
  @Length(1, 50)
  nameZh: string;

  @Field()
  @IsString()
  @Length(1, 80)
  nameEn: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  unit?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 6, default: 2 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'decimals must be an integer' })
  @Min(0)
  @Max(6)
  decimals?: number;

  @ApiPropertyOptional({ description: 'Smallest physically possible value (default 0)' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'physicalMin must be a number' })
  physicalMin?: number;

  @ApiPropertyOptional({ description: 'Largest physically possible value' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'physicalMax must be a number' })
  physicalMax?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(999)
  sortOrder?: number;
}

export class UpdateIndicatorDto {
  @IsOptional() @IsString() @Length(1, 50) nameZh?: string;
  @IsOptional() @IsString() @Length(1, 80) nameEn?: string;
  @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @IsOptional() @IsInt() @Min(0) @Max(6) decimals?: number;
  @IsOptional() @IsNumber() physicalMin?: number;
  @IsOptional() @IsNumber() physicalMax?: number;
  @IsOptional() @IsInt() @Min(0) @Max(999) sortOrder?: number;
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

/** A provincial or local standard grade; rules are checked one by one (`rules[i].…`). */
export class CreateStandardDto {
  @ApiProperty({ description: 'e.g. DB65/XXXX-2024:1' })
  @Matches(/^[A-Za-z0-9/.\- ]{2,50}:[A-Za-z0-9]{1,12}$/, {
    message: 'id must look like "<standard number>:<grade>", e.g. DB65/1234-2024:1',
  })
  id: string;
  @IsString() @Length(2, 64) standard: string;
  @IsString() @Length(1, 16) grade: string;
  @IsString() @Length(2, 100) nameZh: string;
  @ApiPropertyOptional({ description: 'National grade this one replaces, e.g. GB18918-2002:1A' })
  @IsOptional()
  @IsString()
  overridesId?: string;
  @ApiProperty({
    description:
      'Limit rules: { indicator, bound: {kind:max|min, value} | {kind:range, min, max}, condition?, source }',
    // objects, not the strings the plugin infers from `object[]`
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  @IsArray({ message: 'rules must be an array' })
  @ArrayMaxSize(200)
  rules: object[];
}

export class UpdateStandardDto {
  @IsOptional() @IsString() @Length(2, 100) nameZh?: string;
  @IsOptional() @IsString() overridesId?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  rules?: object[];
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('OutfallStandardSettingInput')
export class OutfallStandardSettingDto {
  @ApiPropertyOptional({ enum: PlantGrade, description: 'WWTPs only' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEnum(PlantGrade, { message: enumMessage('plantGrade', PlantGrade) })
  plantGrade?: PlantGrade | null;

  @ApiPropertyOptional({ description: 'WWTPs only, YYYY-MM-DD' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @CalendarDay()
  plantBuiltOn?: string | null;

  @ApiPropertyOptional({ description: 'A standard id from the catalogue that replaces the resolved one' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  overrideStandardId?: string | null;

  @ApiPropertyOptional({ description: 'Required with an override' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overrideReason?: string | null;
}

@InputType('TracingSourceInput')
export class TracingSourceDto {
  @ApiPropertyOptional({ description: 'A responsible entity' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @ApiPropertyOptional({
    description:
      'A candidate source (部门基础清单 item, see GET /outfalls/:id/candidate-sources); its matched responsible entity is linked when entityId is omitted',
  })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'candidateSourceId must be a UUID' })
  candidateSourceId?: string;

  @ApiPropertyOptional({ description: 'Free text: a sewer section, a village…' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  description?: string;
}

@InputType('TracingInput')
export class TracingDto {
  @ApiProperty({ description: 'YYYY-MM-DD' })
  @Field()
  @CalendarDay()
  tracedOn: string;

  @Field(() => TracingMethod)
  @IsEnum(TracingMethod, { message: enumMessage('method', TracingMethod) })
  method: TracingMethod;

  @Field(() => SewageOrigin, { nullable: true })
  @IsOptional()
  @IsEnum(SewageOrigin, { message: enumMessage('sewageOrigin', SewageOrigin) })
  sewageOrigin?: SewageOrigin;

  @ApiPropertyOptional({ type: [String], description: 'Indicator codes' })
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  mainFactors?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  conclusion?: string;

  @ApiPropertyOptional({ default: false })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'complete must be true or false' })
  complete?: boolean;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; required when complete' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  completedOn?: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'attachmentIds must be UUIDs' })
  attachmentIds?: string[];

  @Field(() => [TracingSourceDto], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TracingSourceDto)
  sources?: TracingSourceDto[];
}

@InputType('UpdateTracingInput')
export class UpdateTracingDto extends TracingDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

export class TracingQueryDto extends IntersectionType(ListQueryDto, MonitoringFilterDto) {}

export enum LedgerKind {
  WaterQuality = 'water_quality',
  Tracing = 'tracing',
  PollutionSources = 'pollution_sources',
}

export class LedgerRequestDto extends MonitoringFilterDto {
  @IsEnum(LedgerKind, { message: enumMessage('kind', LedgerKind) })
  kind: LedgerKind;
}

/**
 * A requirement rule: indicators required at outfalls that match every criterion given (at least one):
 * category, sub-type, GB/T 4754 industry prefix of a linked entity, water body, receiving function zone.
 */
@InputType('RequiredIndicatorRuleInput')
export class RequiredIndicatorRuleDto {
  @ApiProperty({ description: 'What the rule is about, e.g. 电镀及金属表面处理' })
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory | null;

  @Field(() => OutfallSubType, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallSubType, { message: enumMessage('subType', OutfallSubType) })
  subType?: OutfallSubType | null;

  @ApiPropertyOptional({ nullable: true, description: 'GB/T 4754 code prefix: 2–4 digits, e.g. 33 or 171' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2,4}$/, { message: 'industryPrefix must be 2–4 digits of a GB/T 4754 code, e.g. 33 or 171' })
  industryPrefix?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'functionZoneId must be a UUID' })
  functionZoneId?: string | null;

  @ApiProperty({ type: [String], description: 'Indicator codes from the catalogue' })
  @Field(() => [String])
  @IsArray({ message: 'indicatorCodes must be an array' })
  @ArrayMinSize(1, { message: 'indicatorCodes must name at least one indicator' })
  @ArrayMaxSize(30)
  @IsString({ each: true })
  indicatorCodes: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  basis?: string | null;

  @ApiPropertyOptional({ default: true })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

@InputType('UpdateRequiredIndicatorRuleInput')
export class UpdateRequiredIndicatorRuleDto extends RequiredIndicatorRuleDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

/** A page of TracingRecord: `{ items, total, limit, offset }`. */
export class TracingRecordPage extends PageOf(TracingRecord) {}

/** A sample with its values and the indicators its outfall requires that it lacks. */
export class SampleViewDto extends Sample {
  declare values: SampleValue[];
  /** Codes of required indicators the sample has no value for */
  missingIndicators: string[];
}

/** A page of SampleViewDto: `{ items, total, limit, offset }`. */
export class SampleViewPage extends PageOf(SampleViewDto) {}

/** What a batch of sample rows did. */
export class IngestResultDto {
  /** Rows read */
  rows: number;
  samplesCreated: number;
  samplesUpdated: number;
  valuesCreated: number;
  valuesUpdated: number;
  /** Values that were already stored as given (idempotent replays) */
  valuesUnchanged: number;
  /** Samples with at least one value over its limit */
  exceedingSamples: number;
  sampleIds: string[];
}
