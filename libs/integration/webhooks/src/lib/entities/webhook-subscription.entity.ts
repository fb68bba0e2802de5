import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiHideProperty } from '@nestjs/swagger';
import { ApiKey } from '@outfall/iam';
import { WebhookDeliveryStatus, WebhookEventType } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

registerEnumType(WebhookEventType, { name: 'WebhookEventType' });
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

/**
 * Where an integrator's system (one API key) wants events sent. The signing secret is shown once at creation;
 * it is stored as is (not hashed) because every delivery is signed with it, and never selected by default.
 */
@ObjectType('WebhookSubscription')
@Entity('webhook_subscription')
@Index('webhook_subscription_key_idx', ['apiKeyId'])
export class WebhookSubscription {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The API key (integrating system) this subscription belongs to' })
  @Column({ type: 'uuid' })
  apiKeyId: string;

  @ManyToOne(() => ApiKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKey;

  @Field({ description: 'The receiver: an http(s) URL' })
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Field(() => [WebhookEventType])
  @Column({ type: 'varchar', array: true })
  events: WebhookEventType[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  // never sent after creation (select: false): the contract does not name it either
  @ApiHideProperty()
  @Column({ type: 'varchar', length: 80, select: false })
  secret: string;

  @Field({ description: 'Inactive subscriptions get no new events; deliveries already due wait' })
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => Int, { description: 'Failed attempts in a row (reset by any success)' })
  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was disabled automatically' })
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The notice of the automatic disabling' })
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastDeliveredAt: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
