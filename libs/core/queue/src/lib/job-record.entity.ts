import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JobState } from '@outfall/shared-types';
import { GraphQLJSON } from '@outfall/common';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

registerEnumType(JobState, { name: 'JobState' });

/**
 * The job-status record: the one place the status API reads, whichever driver (BullMQ or inline) runs
 * the job. The driver carries only the record id.
 */
@ObjectType('Job')
@Entity('job_record')
@Index('job_record_owner_idx', ['ownerKind', 'ownerId', 'createdAt'])
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

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

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
