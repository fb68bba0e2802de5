import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ListQueryDto, PageOf } from '@outfall/common';
import { WebhookDeliveryStatus, WebhookEventType } from '@outfall/shared-types';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { WebhookDelivery, WebhookDeliveryAttempt } from '../entities/webhook-delivery.entity';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';

const EVENTS_MESSAGE = `each of events must be one of: ${Object.values(WebhookEventType).join(', ')}`;

@InputType('CreateWebhookSubscriptionInput')
export class CreateWebhookSubscriptionDto {
  @ApiPropertyOptional({
    description:
      'The API key the subscription belongs to. Required for administrators; a key calling for itself omits it',
  })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'apiKeyId must be a UUID' })
  apiKeyId?: string;

  @ApiProperty({ example: 'https://river-chief.example.gov.cn/hooks/outfall', maxLength: 2000 })
  @Field()
  @IsString()
  @Length(8, 2000)
  url: string;

  @ApiProperty({ enum: WebhookEventType, isArray: true, example: ['outfall_created', 'sample_exceedance'] })
  @Field(() => [WebhookEventType])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEnum(WebhookEventType, { each: true, message: EVENTS_MESSAGE })
  events: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 200 })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

@InputType('UpdateWebhookSubscriptionInput')
export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(8, 2000)
  url?: string;

  @ApiPropertyOptional({ enum: WebhookEventType, isArray: true })
  @Field(() => [WebhookEventType], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEnum(WebhookEventType, { each: true, message: EVENTS_MESSAGE })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 200 })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({
    description: 'false pauses; true enables again (also after an automatic disabling)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType('WebhookSubscriptionQuery')
export class WebhookSubscriptionQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only the subscriptions of this API key' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'apiKeyId must be a UUID' })
  apiKeyId?: string;
}

@InputType('WebhookDeliveryQuery')
export class WebhookDeliveryQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: WebhookDeliveryStatus })
  @Field(() => WebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus, {
    message: `status must be one of: ${Object.values(WebhookDeliveryStatus).join(', ')}`,
  })
  status?: WebhookDeliveryStatus;

  @ApiPropertyOptional({ description: 'Only the deliveries about this record' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recordId?: string;
}

@ObjectType('CreatedWebhookSubscription')
export class CreatedWebhookSubscriptionDto {
  @ApiProperty({ type: WebhookSubscription })
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscription;

  @ApiProperty({ description: 'The signing secret. Shown once: store it now, it cannot be read again.' })
  @Field({ description: 'The signing secret, shown once' })
  secret: string;
}

@ObjectType('WebhookDeliveryDetail')
export class WebhookDeliveryDetailDto {
  @ApiProperty({ type: WebhookDelivery })
  @Field(() => WebhookDelivery)
  delivery: WebhookDelivery;

  @ApiProperty({ type: [WebhookDeliveryAttempt] })
  @Field(() => [WebhookDeliveryAttempt])
  attempts: WebhookDeliveryAttempt[];
}

/** A page of WebhookSubscription: `{ items, total, limit, offset }`. */
export class WebhookSubscriptionPage extends PageOf(WebhookSubscription) {}

/** A page of WebhookDelivery: `{ items, total, limit, offset }`. */
export class WebhookDeliveryPage extends PageOf(WebhookDelivery) {}
