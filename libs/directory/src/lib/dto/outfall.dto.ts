import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, ListQueryDto, MAX_PAGE_SIZE, NormalizeCode, QueryShortcut } from '@outfall/common';
import {
  Bank,
  DischargeMethod,
  DischargeMode,
  OutfallArea,
  OutfallCategory,
  OutfallSubType,
  SetupApproval,
} from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  isEnum,
  isUUID,
  Length,
  Matches,
  Max,
  max,
  MaxLength,
  maxLength,
  Min,
  min,
} from 'class-validator';
import { OutfallStatus } from '../outfalls/outfall.entity';
import { OutfallViewDto } from '../outfalls/outfall.dto';

const enumMessage = (name: string, values: object) =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

@InputType('OutfallFilter')
export class OutfallFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;
  @ApiPropertyOptional({ description: 'Only outfalls on key rivers' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'keyRiver must be true or false' })
  keyRiver?: boolean;
  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;
  @Field(() => OutfallSubType, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallSubType, { message: enumMessage('subType', OutfallSubType) })
  subType?: OutfallSubType;
  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @Field(() => OutfallArea, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallArea, { message: enumMessage('area', OutfallArea) })
  area?: OutfallArea;
  @Field(() => OutfallStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallStatus, { message: enumMessage('status', OutfallStatus) })
  status?: OutfallStatus;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'banCandidate must be true or false' })
  banCandidate?: boolean;
  @ApiPropertyOptional({ description: 'Has suspected duplicates' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'duplicate must be true or false' })
  duplicate?: boolean;
  @ApiPropertyOptional({
    description: 'A division entered by hand that a boundary contradicts (boundaryDivisionId is set)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'divisionConflict must be true or false' })
  divisionConflict?: boolean;
  @ApiPropertyOptional({ description: 'Text in name, local or national code' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
  @ApiPropertyOptional({ description: 'minLon,minLat,maxLon,maxLat', example: '87.0,43.9,87.5,44.2' })
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'bbox must be minLon,minLat,maxLon,maxLat' })
  bbox?: string;
}

const UUID_FIELDS = new Set(['waterBodyId', 'divisionId', 'entityId']);
const BOOLEAN_FIELDS = new Set(['keyRiver', 'banCandidate', 'duplicate', 'divisionConflict']);
const ENUM_FIELDS: Record<string, object> = {
  category: OutfallCategory,
  subType: OutfallSubType,
  area: OutfallArea,
  status: OutfallStatus,
};
const SORT = /^-?[a-zA-Z]+(,-?[a-zA-Z]+)*$/;
const BBOX = /^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/;
const SMALL_WHOLE_NUMBER = /^(0|[1-9]\d{0,8})$/;

/**
 * The list query as `OutfallQueryDto`'s validators and transforms would give it, when every field certainly
 * passes them (the same class-validator functions; numbers only as plain digits, booleans only as
 * `true`/`false`, one value per key); undefined otherwise, and the pipe validates it (see `QueryShortcut`).
 */
export function outfallQueryShortcut(query: Record<string, unknown>): OutfallQueryDto | undefined {
  const out: Record<string, unknown> = {};
  for (const key in query) {
    const value = query[key];
    if (typeof value !== 'string') return undefined;
    if (key === 'limit' || key === 'offset') {
      if (!SMALL_WHOLE_NUMBER.test(value)) return undefined;
      const n = Number(value);
      if (key === 'limit' ? !(min(n, 1) && max(n, MAX_PAGE_SIZE)) : !min(n, 0)) return undefined;
      out[key] = n;
    } else if (key === 'sort') {
      if (!SORT.test(value)) return undefined;
      out[key] = value;
    } else if (UUID_FIELDS.has(key)) {
      if (!isUUID(value, 'all')) return undefined;
      out[key] = value;
    } else if (BOOLEAN_FIELDS.has(key)) {
      if (value !== 'true' && value !== 'false') return undefined;
      out[key] = value === 'true';
    } else if (Object.prototype.hasOwnProperty.call(ENUM_FIELDS, key)) {
      if (!isEnum(value, ENUM_FIELDS[key])) return undefined;
      out[key] = value;
    } else if (key === 'q') {
      if (!maxLength(value, 64)) return undefined;
      out[key] = value;
    } else if (key === 'bbox') {
      if (!BBOX.test(value)) return undefined;
      out[key] = value;
    } else {
      return undefined;
    }
  }
  return Object.assign(new OutfallQueryDto(), out);
}

@QueryShortcut(outfallQueryShortcut)
export class OutfallQueryDto extends IntersectionType(ListQueryDto, OutfallFilterDto) {}

/** The most points one GeoJSON request returns (the map loads the filtered directory in one go). */
export const OUTFALL_GEOJSON_MAX = 100_000;

/** `GET /outfalls/geojson`: the list's filters and how many points at most. */
export class OutfallGeojsonQueryDto extends OutfallFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: OUTFALL_GEOJSON_MAX, default: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be an integer from 1 to ${OUTFALL_GEOJSON_MAX}` })
  @Min(1, { message: `limit must be an integer from 1 to ${OUTFALL_GEOJSON_MAX}` })
  @Max(OUTFALL_GEOJSON_MAX, { message: `limit must be an integer from 1 to ${OUTFALL_GEOJSON_MAX}` })
  limit?: number;
}

@InputType('CreateOutfallInput')
export class CreateOutfallDto {
  @ApiPropertyOptional({
    description: '国家统一赋码 (stored normalized: full-width folded, spaces removed, upper case)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @NormalizeCode()
  @IsString()
  @Length(1, 64)
  nationalCode?: string;
  @ApiProperty({ example: '头屯河六工段雨洪排口' }) @Field() @IsString() @Length(1, 100) name: string;
  @Field(() => OutfallCategory)
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category: OutfallCategory;
  @Field(() => OutfallSubType)
  @IsEnum(OutfallSubType, { message: enumMessage('subType', OutfallSubType) })
  subType: OutfallSubType;
  @ApiProperty({ example: 87.2912 })
  @Field(() => Float)
  @Type(() => Number)
  @IsNumber({}, { message: 'longitude must be a number' })
  @Min(-180)
  @Max(180)
  longitude: number;
  @ApiProperty({ example: 44.0523 })
  @Field(() => Float)
  @Type(() => Number)
  @IsNumber({}, { message: 'latitude must be a number' })
  @Min(-90)
  @Max(90)
  latitude: number;
  @Field(() => ID)
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId: string;
  @Field(() => Bank, { nullable: true })
  @IsOptional()
  @IsEnum(Bank, { message: enumMessage('bank', Bank) })
  bank?: Bank;
  @ApiPropertyOptional({ description: 'Required where no division boundary covers the location' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @Field(() => DischargeMode, { nullable: true })
  @IsOptional()
  @IsEnum(DischargeMode, { message: enumMessage('dischargeMode', DischargeMode) })
  dischargeMode?: DischargeMode;
  @Field(() => DischargeMethod, { nullable: true })
  @IsOptional()
  @IsEnum(DischargeMethod, { message: enumMessage('dischargeMethod', DischargeMethod) })
  dischargeMethod?: DischargeMethod;
  @ApiPropertyOptional({ description: 'Diameter or width, mm' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  sizeMm?: number;
  @ApiProperty({ example: '2023-09-12' })
  @Field()
  @CalendarDay()
  discoveredOn: string;
  @ApiPropertyOptional({ description: 'Registration date (default today, Asia/Shanghai)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  registeredOn?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  permitNumber?: string;
  @Field(() => SetupApproval, { nullable: true })
  @IsOptional()
  @IsEnum(SetupApproval, { message: enumMessage('setupApproval', SetupApproval) })
  setupApproval?: SetupApproval;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() signageInstalled?: boolean;
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  signageInstalledOn?: string;
}

/** A PATCH: only the fields given; `null` clears an optional field (national code, discharge mode and method,
 * size, permit number, setup approval, signage date). */
@InputType('UpdateOutfallInput')
export class UpdateOutfallDto {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NormalizeCode()
  @IsString()
  @Length(1, 64)
  nationalCode?: string | null;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) name?: string;
  @Field(() => OutfallCategory, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallCategory, { message: enumMessage('category', OutfallCategory) })
  category?: OutfallCategory;
  @Field(() => OutfallSubType, { nullable: true })
  @IsOptional()
  @IsEnum(OutfallSubType, { message: enumMessage('subType', OutfallSubType) })
  subType?: OutfallSubType;
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
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;
  @Field(() => Bank, { nullable: true })
  @IsOptional()
  @IsEnum(Bank, { message: enumMessage('bank', Bank) })
  bank?: Bank;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @Field(() => DischargeMode, { nullable: true })
  @IsOptional()
  @IsEnum(DischargeMode, { message: enumMessage('dischargeMode', DischargeMode) })
  dischargeMode?: DischargeMode | null;
  @Field(() => DischargeMethod, { nullable: true })
  @IsOptional()
  @IsEnum(DischargeMethod, { message: enumMessage('dischargeMethod', DischargeMethod) })
  dischargeMethod?: DischargeMethod | null;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  sizeMm?: number | null;
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  discoveredOn?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  permitNumber?: string | null;
  @Field(() => SetupApproval, { nullable: true })
  @IsOptional()
  @IsEnum(SetupApproval, { message: enumMessage('setupApproval', SetupApproval) })
  setupApproval?: SetupApproval | null;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() signageInstalled?: boolean;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @CalendarDay()
  signageInstalledOn?: string | null;
  @Field(() => Int) @IsInt() @Min(1) version: number;
}

@InputType('MilestoneInput')
export class MilestoneDto {
  @ApiProperty({
    example: '2023-10-08',
    description: 'When it happened in the field (Asia/Shanghai calendar day)',
  })
  @Field()
  @CalendarDay()
  effectiveOn: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

@InputType('MergeOutfallInput')
export class MergeOutfallDto {
  @ApiProperty({ description: 'The outfall that survives' })
  @Field(() => ID)
  @IsUUID('all', { message: 'intoId must be a UUID' })
  intoId: string;
  @Field() @IsString() @Length(1, 500) reason: string;
}

/** A page of the directory (`GET /outfalls`). */
export class OutfallPageDto {
  @ApiProperty({
    type: () => [OutfallViewDto],
    description: 'Outfalls (the record with its division: id, name, code)',
  })
  items: OutfallViewDto[];

  @ApiProperty({ description: 'Outfalls matching the filters' })
  total: number;

  limit: number;

  offset: number;

  @ApiPropertyOptional({
    description:
      'true when `total` was not counted for this request: a count of the same filters that took long ' +
      '(LIST_COUNT_SLOW_MS, default 50 ms) is reused for up to LIST_COUNT_CACHE_MS (default 10 s), so it may ' +
      'miss writes made in that time by other API processes. Absent or false: exact.',
  })
  totalIsEstimate?: boolean;
}
