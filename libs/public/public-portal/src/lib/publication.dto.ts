import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ListQueryDto } from '@outfall/common';
import { OutfallCategory } from '@outfall/shared-types';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PublicationConfig, PublicField } from './publication-config.entity';

@InputType('PublicationDraftInput')
export class PublicationDraftDto {
  @ApiProperty({ enum: PublicField, isArray: true, description: 'Public fields; code is always added' })
  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(PublicField, { each: true, message: 'fields must be fields of the catalogue' })
  fields: PublicField[];

  @ApiProperty({ enum: OutfallCategory, isArray: true, description: 'Published outfall categories (≥ 1)' })
  @Field(() => [String])
  @IsArray()
  @ArrayMinSize(1, { message: 'publish at least one category' })
  @IsEnum(OutfallCategory, { each: true, message: 'categories must be outfall categories' })
  categories: OutfallCategory[];

  @ApiProperty({ description: 'Publish only outfalls whose sign is installed' })
  @Field()
  @IsBoolean()
  signedOnly: boolean;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'The version you read, to change an existing draft' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@InputType('PublicationReviewInput')
export class PublicationReviewDto {
  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'Required to reject' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reviewNote?: string;
}

@InputType('PublicationSubmitInput')
export class PublicationSubmitDto {
  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType('PublicationState')
export class PublicationStateDto {
  @ApiPropertyOptional({ type: PublicationConfig, nullable: true, description: 'What the public side shows' })
  @Field(() => PublicationConfig, { nullable: true })
  effective: PublicationConfig | null;

  @ApiPropertyOptional({
    type: PublicationConfig,
    nullable: true,
    description: 'The open draft or submission',
  })
  @Field(() => PublicationConfig, { nullable: true })
  open: PublicationConfig | null;

  @ApiProperty({ enum: PublicField, isArray: true, description: 'The catalogue of publishable fields' })
  @Field(() => [String])
  catalogue: PublicField[];
}

@ObjectType('PublicationConfigPage')
export class PublicationConfigPageDto {
  @ApiProperty({ type: [PublicationConfig] }) @Field(() => [PublicationConfig]) items: PublicationConfig[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
}

// ---- the public side ----

@InputType('PublicOutfallFilter')
export class PublicOutfallFilterDto {
  @ApiPropertyOptional({ description: 'Receiving water (only when receivingWater is public)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @ApiPropertyOptional({ description: 'Township (only when township is public)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({
    enum: OutfallCategory,
    enumName: 'OutfallCategory',
    description: 'Only when category is public',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(OutfallCategory), { message: 'category must be an outfall category' })
  category?: OutfallCategory;

  @ApiPropertyOptional({ description: 'Searches the code (and the name when public)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export class PublicOutfallQueryDto extends PublicOutfallFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class PublicMapQueryDto {
  @ApiPropertyOptional({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', example: '87.0,43.9,87.5,44.3' })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'bbox must be minLon,minLat,maxLon,maxLat' })
  bbox?: string;
}

@ObjectType('PublicCompliance')
export class PublicComplianceDto {
  @ApiProperty({ enum: ['compliant', 'exceeding'], enumName: 'PublicComplianceStatus' }) @Field() status:
    'compliant' | 'exceeding';
  @ApiProperty({ description: 'Sampling day (YYYY-MM-DD, Beijing)' }) @Field() sampledOn: string;
}

@ObjectType('PublicSign')
export class PublicSignDto {
  @ApiProperty() @Field() installed: boolean;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) installedOn:
    string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  supervisingDepartment: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  supervisingPhone: string | null;
}

/**
 * A published outfall: only the fields of the effective configuration are present (REST omits the others;
 * GraphQL answers null for them).
 */
@ObjectType('PublicOutfall')
export class PublicOutfallDto {
  @ApiProperty({ description: '排污口编码 (always public)' }) @Field() code: string;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) name?: string | null;
  @ApiPropertyOptional() @Field(() => Float, { nullable: true }) longitude?: number | null;
  @ApiPropertyOptional() @Field(() => Float, { nullable: true }) latitude?: number | null;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) receivingWater?: string | null;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) township?: string | null;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) responsibleEntity?: string | null;
  @ApiPropertyOptional({ enum: OutfallCategory, enumName: 'OutfallCategory' })
  @Field(() => String, { nullable: true })
  category?: string | null;
  @ApiPropertyOptional({ description: 'Remediation plan status, or none' })
  @Field(() => String, { nullable: true })
  remediationStatus?: string | null;
  @ApiPropertyOptional({ type: PublicComplianceDto, nullable: true })
  @Field(() => PublicComplianceDto, { nullable: true })
  latestCompliance?: PublicComplianceDto | null;
  @ApiPropertyOptional({ type: PublicSignDto, nullable: true })
  @Field(() => PublicSignDto, { nullable: true })
  sign?: PublicSignDto | null;
}

@ObjectType('PublicOutfallPage')
export class PublicOutfallPageDto {
  @ApiProperty({ type: [PublicOutfallDto] }) @Field(() => [PublicOutfallDto]) items: PublicOutfallDto[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
}

@ObjectType('PublicOption')
export class PublicOptionDto {
  @ApiProperty() @Field(() => ID) id: string;
  @ApiProperty() @Field() name: string;
}

/** What the public list may be filtered by: only the dimensions that are public. */
@ObjectType('PublicFilters')
export class PublicFiltersDto {
  @ApiProperty({ enum: PublicField, isArray: true, description: 'The public fields' })
  @Field(() => [String])
  fields: PublicField[];
  @ApiProperty({ type: [PublicOptionDto] }) @Field(() => [PublicOptionDto]) waters: PublicOptionDto[];
  @ApiProperty({ type: [PublicOptionDto] }) @Field(() => [PublicOptionDto]) townships: PublicOptionDto[];
  @ApiProperty({ enum: OutfallCategory, isArray: true, description: 'The published categories present' })
  @Field(() => [String])
  categories: OutfallCategory[];
}

export class SignSheetQueryDto {
  @ApiPropertyOptional({ description: 'Comma list of outfall ids (at most 200)' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,199}$/, {
    message: 'outfallIds must be a comma list of ids',
  })
  outfallIds?: string;

  @ApiPropertyOptional({ description: 'Every sign of a township' })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
}

export class PublicationHistoryQueryDto extends ListQueryDto {}

export { PublicationConfig };
