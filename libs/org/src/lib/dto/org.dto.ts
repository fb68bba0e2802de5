import { Division } from '../division.entity';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { FeatureCollectionOf, ListQueryDto, PageOf } from '@outfall/common';
import { DivisionLevel, OutfallCategory, UnitKind } from '@outfall/shared-types';
import {
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const enumMessage = (name: string, values: object) =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;

@InputType('DivisionFilter')
export class DivisionFilterDto {
  @Field(() => DivisionLevel, { nullable: true })
  @IsOptional()
  @IsEnum(DivisionLevel, { message: enumMessage('level', DivisionLevel) })
  level?: DivisionLevel;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'Text in name or code' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class DivisionQueryDto extends IntersectionType(ListQueryDto, DivisionFilterDto) {}

@InputType('CreateDivisionInput')
export class CreateDivisionDto {
  @ApiProperty({ example: '652301100' })
  @Field()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'code must be 6, 9 or 12 digits' })
  code: string;

  @Field()
  @IsString()
  @Length(1, 64)
  name: string;

  @Field(() => DivisionLevel)
  @IsEnum(DivisionLevel, { message: enumMessage('level', DivisionLevel) })
  level: DivisionLevel;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;
}

@InputType('UpdateDivisionInput')
export class UpdateDivisionDto {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType('UnitFilter')
export class UnitFilterDto {
  @Field(() => UnitKind, { nullable: true })
  @IsOptional()
  @IsEnum(UnitKind, { message: enumMessage('kind', UnitKind) })
  kind?: UnitKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ description: 'Text in name' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UnitQueryDto extends IntersectionType(ListQueryDto, UnitFilterDto) {}

@InputType('CreateUnitInput')
export class CreateUnitDto {
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => UnitKind)
  @IsEnum(UnitKind, { message: enumMessage('kind', UnitKind) })
  kind: UnitKind;

  @ApiProperty({ description: 'Jurisdiction: the division the unit answers for' })
  @Field(() => ID)
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId: string;

  @Field(() => [OutfallCategory], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(OutfallCategory, { each: true, message: enumMessage('sectorCategories', OutfallCategory) })
  sectorCategories?: OutfallCategory[];
}

@InputType('UpdateUnitInput')
export class UpdateUnitDto {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @Field(() => UnitKind, { nullable: true })
  @IsOptional()
  @IsEnum(UnitKind, { message: enumMessage('kind', UnitKind) })
  kind?: UnitKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => [OutfallCategory], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(OutfallCategory, { each: true, message: enumMessage('sectorCategories', OutfallCategory) })
  sectorCategories?: OutfallCategory[];

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType('LiaisonInput')
export class LiaisonDto {
  @ApiProperty({ example: '张三' })
  @Field()
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13800000000' })
  @Field()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
    message: 'phone must be a mainland mobile or landline number',
  })
  phone: string;

  @ApiProperty({ example: '科长' })
  @Field()
  @IsString()
  @Length(1, 50)
  position: string;
}

export class UnitDto {
  id: string;
  name: string;
  kind: UnitKind;
  divisionId: string;
  @ApiPropertyOptional({ nullable: true }) division: { id: string; name: string; code: string } | null;
  sectorCategories: OutfallCategory[];
  @ApiPropertyOptional({ nullable: true }) liaison: { name: string; phone: string; position: string } | null;
  demo: boolean;
  version: number;
}

/** A page of Division: `{ items, total, limit, offset }`. */
export class DivisionPage extends PageOf(Division) {}

/** A page of UnitDto: `{ items, total, limit, offset }`. */
export class UnitPage extends PageOf(UnitDto) {}

/** The properties of one division boundary feature. */
export class DivisionBoundaryProperties {
  id: string;
  code: string;
  name: string;
  level: DivisionLevel;
  /** Where the boundary comes from (demo boundaries are 合成 / synthetic). */
  boundarySource: string | null;
}

/** Township and sub-district boundaries as a GeoJSON FeatureCollection. */
export class DivisionBoundaryCollection extends FeatureCollectionOf(
  DivisionBoundaryProperties,
  'DivisionBoundaryFeature',
) {}
