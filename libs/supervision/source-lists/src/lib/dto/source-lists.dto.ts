import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ListQueryDto } from '@outfall/common';
import { ImportMode } from '@outfall/directory';
import { SourceListKind } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const kindMessage = `kind must be one of: ${Object.values(SourceListKind).join(', ')}`;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** List filters, shared by REST, GraphQL and the XLSX export. */
@InputType('SourceListFilterInput')
export class SourceListFilterDto {
  @Field(() => SourceListKind, { nullable: true })
  @IsOptional()
  @IsEnum(SourceListKind, { message: kindMessage })
  kind?: SourceListKind;

  @ApiPropertyOptional({ description: 'The department (unit) that keeps the list' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUnitId must be a UUID' })
  ownerUnitId?: string;

  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ description: 'GB/T 4754-2017 code prefix, e.g. C or 13' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  industryCode?: string;

  @ApiPropertyOptional({
    description: 'Matched to a responsible entity by credit code (true) or not (false)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'matched must be true or false' })
  matched?: boolean;

  @ApiPropertyOptional({ description: 'Name, credit code or address contains' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class SourceListQueryDto extends IntersectionType(ListQueryDto, SourceListFilterDto) {}

/** The fields of a list item; their content rules (with Chinese messages) are in source-list.rules.ts. */
@InputType('SourceListItemFields')
export class SourceListItemFieldsDto {
  @ApiPropertyOptional({ example: '昌吉某建材有限公司' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: '统一社会信用代码; required for enterprises' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  creditCode?: string | null;

  @ApiPropertyOptional({ example: 87.3 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'longitude must be a number' })
  longitude?: number;

  @ApiPropertyOptional({ example: 44.01 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'latitude must be a number' })
  latitude?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  address?: string | null;

  @ApiPropertyOptional({
    description: 'Township / sub-district; omitted: from the boundary containing the point',
  })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string | null;

  @ApiPropertyOptional({ description: 'GB/T 4754-2017: a section letter A–T or 2–4 digits (enterprises)' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  industryCode?: string | null;

  @ApiPropertyOptional({ description: '养殖品种 (farms)' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  species?: string | null;

  @ApiPropertyOptional({ description: '存栏量, head count (livestock farms)' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'headCount must be a number' })
  headCount?: number | null;

  @ApiPropertyOptional({ description: '养殖面积 in mu (aquaculture farms)' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'areaMu must be a number' })
  areaMu?: number | null;
}

@InputType('CreateSourceListItemInput')
export class CreateSourceListItemDto extends SourceListItemFieldsDto {
  @Field(() => SourceListKind)
  @IsEnum(SourceListKind, { message: kindMessage })
  kind: SourceListKind;

  @ApiPropertyOptional({
    description: 'Keeping unit; only the eco branch may name another unit than its own',
  })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUnitId must be a UUID' })
  ownerUnitId?: string;
}

@InputType('UpdateSourceListItemInput')
export class UpdateSourceListItemDto extends SourceListItemFieldsDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('WaterBodyBasinInput')
export class WaterBodyBasinDto {
  @ApiPropertyOptional({ nullable: true, description: '流域面积 (km²); null clears it' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'basinAreaKm2 must be a number' })
  @Min(0.01, { message: '流域面积必须大于 0 / basinAreaKm2 must be positive' })
  @Max(9_999_999_999, { message: '流域面积过大 / basinAreaKm2 is too large' })
  basinAreaKm2?: number | null;

  @ApiPropertyOptional({ nullable: true, description: '河长 (km); null clears it' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'riverLengthKm must be a number' })
  @Min(0.01, { message: '河长必须大于 0 / riverLengthKm must be positive' })
  @Max(99_999_999, { message: '河长过大 / riverLengthKm is too large' })
  riverLengthKm?: number | null;

  @ApiProperty({ description: 'The water body version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('CandidateSourceQueryInput')
export class CandidateQueryDto {
  @ApiPropertyOptional({ description: 'Search radius in metres (default SOURCE_CANDIDATE_DISTANCE_M)' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'distanceM must be an integer (metres)' })
  @Min(1)
  @Max(50_000)
  distanceM?: number;

  @Field(() => SourceListKind, { nullable: true })
  @IsOptional()
  @IsEnum(SourceListKind, { message: kindMessage })
  kind?: SourceListKind;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SourceListImportDto {
  @IsEnum(SourceListKind, { message: kindMessage })
  kind: SourceListKind;

  @ApiPropertyOptional({ enum: ImportMode, default: ImportMode.AllOrNothing })
  @IsOptional()
  @IsEnum(ImportMode, { message: `mode must be one of: ${Object.values(ImportMode).join(', ')}` })
  mode?: ImportMode;

  @ApiPropertyOptional({
    default: false,
    description: 'Replace the list: items of this unit and kind that are not in the file are removed',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'replace must be true or false' })
  replace?: boolean;

  @ApiPropertyOptional({ description: 'Keeping unit (eco branch / admins only; default: your unit)' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUnitId must be a UUID' })
  ownerUnitId?: string;
}

export class BasinImportDto {
  @ApiPropertyOptional({ enum: ImportMode, default: ImportMode.AllOrNothing })
  @IsOptional()
  @IsEnum(ImportMode, { message: `mode must be one of: ${Object.values(ImportMode).join(', ')}` })
  mode?: ImportMode;
}

export class TemplateQueryDto {
  @IsEnum(SourceListKind, { message: kindMessage })
  kind: SourceListKind;
}

// ---- responses (OpenAPI) ----

export class SourceListItemResponse {
  id: string;
  kind: SourceListKind;
  ownerUnitId: string;
  @ApiPropertyOptional({ nullable: true }) ownerUnitName: string | null;
  name: string;
  @ApiPropertyOptional({ nullable: true }) creditCode: string | null;
  longitude: number;
  latitude: number;
  @ApiPropertyOptional({ nullable: true }) address: string | null;
  @ApiPropertyOptional({ nullable: true }) divisionId: string | null;
  @ApiPropertyOptional({ nullable: true }) divisionName: string | null;
  @ApiPropertyOptional({ nullable: true }) industryCode: string | null;
  @ApiPropertyOptional({ nullable: true }) species: string | null;
  @ApiPropertyOptional({ nullable: true }) headCount: number | null;
  @ApiPropertyOptional({ nullable: true }) areaMu: number | null;
  @ApiPropertyOptional({ nullable: true }) matchedEntityId: string | null;
  @ApiPropertyOptional({ nullable: true }) matchedEntityName: string | null;
  @ApiProperty({ description: 'Matched to a responsible entity by credit code' }) matched: boolean;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export class SourceListPageResponse {
  items: SourceListItemResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class CandidateSourceResponse extends SourceListItemResponse {
  @ApiProperty({ description: 'Distance from the outfall in metres (geodesic)' }) distanceM: number;
}

export class CandidateSourcesResponse {
  outfallId: string;
  @ApiProperty({ description: 'The search radius used (m)' }) distanceM: number;
  @ApiProperty({ type: [CandidateSourceResponse], description: 'Nearest first' })
  items: CandidateSourceResponse[];
}

export class RematchResponse {
  items: number;
  matched: number;
  @ApiProperty({ description: 'Responsible entities whose industry code was filled' })
  entitiesUpdated: number;
}

export class WaterBasinResponse {
  id: string;
  code: string;
  name: string;
  @ApiPropertyOptional({ nullable: true, description: '流域面积 (km²)' }) basinAreaKm2: number | null;
  @ApiPropertyOptional({ nullable: true, description: '河长 (km)' }) riverLengthKm: number | null;
  version: number;
}

export class SourcePointGeometry {
  @ApiProperty({ enum: ['Point'], enumName: 'GeoJsonPointType' }) type: 'Point';
  @ApiProperty({ type: [Number], description: '[longitude, latitude] (WGS84)' }) coordinates: number[];
}

export class SourcePointProperties {
  id: string;
  kind: SourceListKind;
  name: string;
  @ApiPropertyOptional({ nullable: true }) creditCode: string | null;
  @ApiPropertyOptional({ nullable: true }) industryCode: string | null;
  matched: boolean;
}

export class SourcePointFeature {
  @ApiProperty({ enum: ['Feature'], enumName: 'GeoJsonFeatureType' }) type: 'Feature';
  id: string;
  geometry: SourcePointGeometry;
  properties: SourcePointProperties;
}

export class SourceListGeojsonResponse {
  @ApiProperty({ enum: ['FeatureCollection'], enumName: 'GeoJsonFeatureCollectionType' })
  type: 'FeatureCollection';
  features: SourcePointFeature[];
}
