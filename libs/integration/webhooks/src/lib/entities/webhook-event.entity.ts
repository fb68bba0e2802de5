import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { WebhookEventType } from '@outfall/shared-types';
import { GraphQLJSON } from '@outfall/common';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox: one row per event, written in the same transaction as the change it reports (with its
 * deliveries), so a rolled-back change sends nothing and a committed one is never lost.
 */
@ObjectType('WebhookEvent')
@Entity('webhook_event')
@Index('webhook_event_record_idx', ['recordId'])
export class WebhookEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => WebhookEventType)
  @Column({ type: 'varchar', length: 40 })
  type: WebhookEventType;

  @Field({ description: 'The record the event is about (outfall, plan, sample, snapshot, report …)' })
  @Column({ type: 'varchar', length: 64 })
  recordId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The division of the record: keys of other divisions do not get it',
  })
  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}
