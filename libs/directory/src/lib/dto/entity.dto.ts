import { Field, ID, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ListQueryDto, NormalizeCode, PageOf } from '@outfall/common';
import { EntityKind, INDUSTRY_CODE_PATTERN } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';

const KIND_MESSAGE = `kind must be one of: ${Object.values(EntityKind).join(', ')}`;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

@InputType('ResponsibleEntityFilter')
export class EntityFilterDto {
  @Field(() => EntityKind, { nullable: true })
  @IsOptional()
  @IsEnum(EntityKind, { message: KIND_MESSAGE })
  kind?: EntityKind;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @ApiPropertyOptional({ description: 'Enterprises outside a park with more than one outfall' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'multipleOutfalls must be true or false' })
  multipleOutfalls?: boolean;
  @ApiPropertyOptional({ description: 'Text in name or credit code' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class EntityQueryDto extends IntersectionType(ListQueryDto, EntityFilterDto) {}

@InputType('CreateResponsibleEntityInput')
export class CreateEntityDto {
  @Field() @IsString() @Length(1, 100) name: string;
  @Field(() => EntityKind)
  @IsEnum(EntityKind, { message: KIND_MESSAGE })
  kind: EntityKind;
  @ApiPropertyOptional({ description: '统一社会信用代码, 18 characters (GB 32100-2015)' })
  @Field({ nullable: true })
  @IsOptional()
  @NormalizeCode()
  @IsString()
  creditCode?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  legalRepresentative?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  contactName?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
    message: 'contactPhone must be a mainland mobile or landline number',
  })
  contactPhone?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
  @Field(() => ID) @IsUUID('all', { message: 'divisionId must be a UUID' }) divisionId: string;
  @ApiPropertyOptional({
    description:
      '国民经济行业分类代码 (GB/T 4754-2017): 2–4 digits, optionally after the section letter (C3360)',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NormalizeCode()
  @Matches(INDUSTRY_CODE_PATTERN, {
    message:
      'industryCode must be a GB/T 4754 code: 2–4 digits, optionally after the section letter (e.g. C3360)',
  })
  industryCode?: string | null;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() inIndustrialPark?: boolean;
}

@InputType('UpdateResponsibleEntityInput')
export class UpdateEntityDto {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) name?: string;
  @Field(() => EntityKind, { nullable: true })
  @IsOptional()
  @IsEnum(EntityKind, { message: KIND_MESSAGE })
  kind?: EntityKind;
  @Field({ nullable: true })
  @IsOptional()
  @NormalizeCode()
  @IsString()
  creditCode?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  legalRepresentative?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  contactName?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
    message: 'contactPhone must be a mainland mobile or landline number',
  })
  contactPhone?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;
  @ApiPropertyOptional({
    description:
      '国民经济行业分类代码 (GB/T 4754-2017): 2–4 digits, optionally after the section letter (C3360)',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NormalizeCode()
  @Matches(INDUSTRY_CODE_PATTERN, {
    message:
      'industryCode must be a GB/T 4754 code: 2–4 digits, optionally after the section letter (e.g. C3360)',
  })
  industryCode?: string | null;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() inIndustrialPark?: boolean;
  @Field() @IsInt() @Min(1) version: number;
}

@InputType('OutfallEntityLinkInput')
export class EntityLinkDto {
  @Field(() => ID) @IsUUID('all', { message: 'entityId must be a UUID' }) entityId: string;
  @ApiProperty({ description: 'The main responsible entity (exactly one per outfall)' })
  @Field()
  @IsBoolean()
  isMain: boolean;
  @ApiPropertyOptional({ description: 'Metering installed before the merge point' })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  meteringInstalled?: boolean;
}

export class SetEntityLinksDto {
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EntityLinkDto)
  links: EntityLinkDto[];
}

/** A responsible entity with its outfall figures. */
export class ResponsibleEntityView extends ResponsibleEntity {
  /** Active outfalls linked to it */
  outfallCount: number;
  /** An enterprise outside an industrial park with more than one outfall (the plan allows one in principle). */
  multipleOutfallsOutsidePark: boolean;
}

/** A page of ResponsibleEntityView: `{ items, total, limit, offset }`. */
export class ResponsibleEntityViewPage extends PageOf(ResponsibleEntityView) {}
