import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JobState } from '@outfall/shared-types';
import { GraphQLJSON } from '@outfall/common';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

registerEnumType(JobState, { name: 'JobState' });

/**
 * The job-status record: the one place the status API reads, whichever driver (BullMQ or inline) runs
 * the job, and the source of truth for what still has to run (the driver carries only the record id; the
 * reconciler re-dispatches what the database says is unfinished). A runner claims the record with a lease
 * and a fencing token before it runs the handler (see `JobRunner`).
 */
@ObjectType('Job')
@Entity('job_record')
@Index('job_record_owner_idx', ['ownerKind', 'ownerId', 'createdAt'])
@Index('job_record_unfinished_idx', ['createdAt'], { where: `state IN ('waiting', 'active')` })
@Index('job_record_dedupe_in_flight_uq', ['dedupeKey'], {
  unique: true,
  where: `dedupe_key IS NOT NULL AND state IN ('waiting', 'active')`,
})
export class JobRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  queue: string;

  @Field()
  @Column()
  name: string;

  @Field(() => JobState)
  @Column({ type: 'varchar', length: 16 })
  state: JobState;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Claims so far (one per attempt; a claim taken over from a runner that stopped counts too). */
  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Attempts before the job is failed for good (from its definition). */
  @Column({ type: 'int', default: 1 })
  maxAttempts: number;

  /**
   * Incremented by every claim (and by the reconciler when it fails a job whose runner stopped): a runner
   * commits effects, progress and the outcome only while the record still carries the token it claimed.
   */
  @Column({ type: 'int', default: 0 })
  fencingToken: number;

  /** The process (and runner) holding the current claim. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  leaseOwner: string | null;

  /** Until when the claim holds; the runner renews it while the handler runs. Expired = the runner stopped. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  /** A delayed job may not start before this time. */
  @Column({ type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  /** Jobs with the same key are not queued twice while one is waiting, running or done. */
  @Column({ type: 'varchar', nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 16 })
  ownerKind: string;

  @Column({ type: 'varchar', nullable: true })
  ownerId: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
