import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, ListQueryDto, queryBool } from '@outfall/common';
import { SIGN_PHONE_PATTERN } from '@outfall/shared-types';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { OutfallSign } from '../outfall-sign.entity';

export const SIGN_PHONE_MESSAGE =
  '监督电话须为11位手机号（1[3-9]开头）或带区号的固定电话（如 0994-2345678） / supervisingPhone must be a mobile number (11 digits, 1[3-9]…) or a landline with its area code, e.g. 0994-2345678';

/**
 * The content of an outfall's sign. The code and the QR payload are not entered: they follow the outfall
 * (its national code, else its local code) and PUBLIC_BASE_URL.
 */
@InputType('OutfallSignInput')
export class SignInputDto {
  @ApiProperty({ description: '排污口名称' })
  @Field()
  @IsString()
  @Length(1, 100)
  outfallName: string;

  @ApiProperty({ description: '责任主体' })
  @Field()
  @IsString()
  @Length(1, 100)
  entityName: string;

  @ApiProperty({ description: '受纳水体' })
  @Field()
  @IsString()
  @Length(1, 100)
  receivingWater: string;

  @ApiProperty({ description: '监管部门' })
  @Field()
  @IsString()
  @Length(1, 100)
  supervisingDepartment: string;

  @ApiProperty({
    description: '监督电话: 1[3-9] + 9 digits, or 0 + area code (2–3 digits) + optional - + 7–8 digits',
  })
  @Field()
  @Matches(SIGN_PHONE_PATTERN, { message: SIGN_PHONE_MESSAGE })
  supervisingPhone: string;

  @ApiProperty({ description: '是否已树标' })
  @Field()
  @IsBoolean({ message: 'installed must be true or false' })
  installed: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'YYYY-MM-DD; required when installed, not in the future',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @CalendarDay()
  installedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A photo of the sign: an attachment of this outfall' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'photoAttachmentId must be a UUID' })
  photoAttachmentId?: string | null;

  @ApiPropertyOptional({ description: 'The version you read; required to change an existing sign' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version?: number;
}

@InputType('OutfallSignFilter')
export class SignFilterDto {
  @ApiPropertyOptional({ description: '是否已树标' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'installed must be true or false' })
  installed?: boolean;

  @ApiPropertyOptional({ description: 'The stored content no longer matches the outfall' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'outdated must be true or false' })
  outdated?: boolean;

  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @ApiPropertyOptional({ description: 'Text in the outfall name or code' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class SignQueryDto extends IntersectionType(ListQueryDto, SignFilterDto) {}

/** A proposal for a sign's content from the outfall's current data. */
@ObjectType('OutfallSignProposal')
export class SignProposalDto {
  @ApiProperty() @Field(() => ID) outfallId: string;
  @ApiProperty() @Field() outfallName: string;
  @ApiProperty() @Field() outfallCode: string;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The main responsible entity; null when none is linked',
  })
  @Field(() => String, { nullable: true })
  entityName: string | null;
  @ApiProperty() @Field() receivingWater: string;
  @ApiProperty({ description: 'The ecology-environment branch' }) @Field() supervisingDepartment: string;
  @ApiPropertyOptional({ nullable: true, description: 'Its liaison phone, when valid for a sign' })
  @Field(() => String, { nullable: true })
  supervisingPhone: string | null;
  @ApiProperty() @Field() qrPayload: string;
}

/** A sign with the outfall it stands at and whether its content still matches the outfall. */
@ObjectType('OutfallSignView')
export class SignViewDto extends OutfallSign {
  @ApiProperty() @Field() localCode: string;
  @ApiProperty() @Field(() => ID) divisionId: string;
  @ApiProperty() @Field() divisionName: string;
  @ApiProperty({ description: 'The stored content no longer matches the outfall (e.g. the entity changed)' })
  @Field({ description: 'The stored content no longer matches the outfall (e.g. the entity changed)' })
  outdated: boolean;
  @ApiProperty({
    type: [String],
    description: 'outfallName, outfallCode, entityName, receivingWater, qrPayload',
  })
  @Field(() => [String])
  outdatedFields: string[];
}

export class SignPageDto {
  @ApiProperty({ type: [SignViewDto] }) items: SignViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class SignLedgerDto extends SignFilterDto {}
