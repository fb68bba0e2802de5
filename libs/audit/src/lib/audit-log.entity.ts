import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { diffSnapshots } from './audit-diff.util';
import { AfterLoad, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

registerEnumType(AuditAction, { name: 'AuditAction' });

export type FieldDiff = Record<string, { before: unknown; after: unknown }>;

/** One create, update or delete, written in the same transaction as the change. Never updated. */
@ObjectType('AuditLog')
@Entity('audit_log')
@Index('audit_log_entity_idx', ['entityType', 'entityId', 'occurredAt'])
@Index('audit_log_actor_idx', ['actorId', 'occurredAt'])
@Index('audit_log_time_idx', ['occurredAt'])
export class AuditLog {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  @Field({ description: 'user, api_key or system' })
  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Field()
  @Column()
  actorName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @Field(() => AuditAction)
  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  diff: FieldDiff | null;

  @Field()
  @Column({ type: 'varchar', length: 80 })
  requestId: string;

  /**
   * Rows written before the storage key was redacted (audit-diff.util) still hold it; the trail is
   * append-only, so it is dropped when read: no response exposes where a file is stored.
   */
  @AfterLoad()
  protected hideStorageKeys(): void {
    for (const part of [this.before, this.after, this.diff] as (Record<string, unknown> | null)[])
      if (part && typeof part === 'object') delete part['storageKey'];
    // creates written set-based (imports) store no diff: it is every field of `after`, derived here
    if (this.action === AuditAction.Create && this.diff === null && this.after)
      this.diff = diffSnapshots(null, this.after);
  }
}
