import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { WebhookDeliveryStatus, WebhookEventType } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

/**
 * One event for one subscription. Deliveries of one record to one subscription go in `seq` order: a delivery
 * is sent only when no earlier one of the same record is still pending or being sent.
 */
@ObjectType('WebhookDelivery')
@Entity('webhook_delivery')
@Index('webhook_delivery_order_idx', ['subscriptionId', 'recordId', 'seq'])
@Index('webhook_delivery_due_idx', ['status', 'nextAttemptAt'])
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order of deliveries (bigint, read as a string). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: WebhookEvent;

  @Field(() => WebhookEventType)
  @Column({ type: 'varchar', length: 40 })
  eventType: WebhookEventType;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  recordId: string;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: 'varchar', length: 12, default: WebhookDeliveryStatus.Pending })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** While `sending`: the claim's end; an expired claim (the runner stopped) is taken over. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The receiver's last HTTP status" })
  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The delivery this one replays' })
  @Column({ type: 'uuid', nullable: true })
  replayOfId: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One HTTP attempt of a delivery: the delivery log's detail. */
@ObjectType('WebhookDeliveryAttempt')
@Entity('webhook_delivery_attempt')
@Index('webhook_delivery_attempt_delivery_idx', ['deliveryId', 'attempt'])
export class WebhookDeliveryAttempt {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempt: number;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Field()
  @Column({ type: 'boolean' })
  ok: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  durationMs: number;

  @Field(() => String, { nullable: true, description: 'The start of the response body' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  responseSnippet: string | null;
}
