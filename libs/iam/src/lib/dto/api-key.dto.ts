import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Instant } from '@outfall/common';
import { ApiKeyScope } from '@outfall/shared-types';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ApiKey } from '../api-keys/api-key.entity';

@InputType('CreateApiKeyInput')
export class CreateApiKeyDto {
  @ApiProperty({ example: '州生态环境局监管平台' })
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ApiKeyScope })
  @Field(() => ApiKeyScope)
  @IsEnum(ApiKeyScope, { message: `scope must be one of: ${Object.values(ApiKeyScope).join(', ')}` })
  scope: ApiKeyScope;

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

@ObjectType('CreatedApiKey')
export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKey })
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @ApiProperty({ description: 'The key itself. Shown once: store it now, it cannot be read again.' })
  @Field({ description: 'The key itself, shown once' })
  key: string;
}
