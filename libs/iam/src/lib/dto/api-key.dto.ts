import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Instant, PageOf } from '@outfall/common';
import { ApiKeyScope } from '@outfall/shared-types';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { ApiKey } from '../api-keys/api-key.entity';

const SCOPE_MESSAGE = `must be one of: ${Object.values(ApiKeyScope).join(', ')}`;

@InputType('CreateApiKeyInput')
export class CreateApiKeyDto {
  @ApiProperty({ example: '州生态环境局监管平台' })
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ApiKeyScope, description: 'The base scope: read or read_write' })
  @Field(() => ApiKeyScope)
  @IsEnum(ApiKeyScope, { message: `scope ${SCOPE_MESSAGE}` })
  scope: ApiKeyScope;

  @ApiPropertyOptional({
    enum: ApiKeyScope,
    isArray: true,
    description: 'Scopes added on top of the base: remediation_write, supervision_write, audit_read',
    example: ['audit_read'],
  })
  @Field(() => [ApiKeyScope], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEnum(ApiKeyScope, { each: true, message: `each of scopes ${SCOPE_MESSAGE}` })
  scopes?: ApiKeyScope[];

  @ApiPropertyOptional({
    description: 'Requests per minute; omit for the default (API_KEY_RATE_LIMIT_PER_MINUTE)',
    minimum: 1,
    maximum: 100000,
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number;

  @ApiPropertyOptional({ description: 'Limit the key to a division (and below); omit for city-wide' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Field({ nullable: true })
  @IsOptional()
  @Instant()
  expiresAt?: Date;
}

@InputType('UpdateApiKeyInput')
export class UpdateApiKeyDto {
  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ApiKeyScope, description: 'The base scope: read or read_write' })
  @Field(() => ApiKeyScope, { nullable: true })
  @IsOptional()
  @IsEnum(ApiKeyScope, { message: `scope ${SCOPE_MESSAGE}` })
  scope?: ApiKeyScope;

  @ApiPropertyOptional({ enum: ApiKeyScope, isArray: true, description: 'Replaces the scopes added on top' })
  @Field(() => [ApiKeyScope], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEnum(ApiKeyScope, { each: true, message: `each of scopes ${SCOPE_MESSAGE}` })
  scopes?: ApiKeyScope[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Requests per minute; null for the default',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number | null;
}

@InputType('RotateApiKeyInput')
export class RotateApiKeyDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'Until when the previous secret keeps working (at most 90 days ahead); omit for API_KEY_ROTATION_GRACE_SECONDS, a past or present time ends it at once',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Instant()
  previousValidUntil?: Date;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKey })
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @ApiProperty({ description: 'The key itself. Shown once: store it now, it cannot be read again.' })
  @Field({ description: 'The key itself, shown once' })
  key: string;
}

/** A page of ApiKey: `{ items, total, limit, offset }`. */
export class ApiKeyPage extends PageOf(ApiKey) {}
