import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { ProgressMetric, ScopeGroup } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(ProgressMetric, { name: 'ProgressMetric' });
registerEnumType(ScopeGroup, { name: 'ScopeGroup' });

/** A target (工作目标): for a scope group and metric, the rate to reach by a deadline. Editable data. */
@ObjectType('ProgressTarget')
@Entity('progress_target')
@Index('progress_target_uq', ['scope', 'metric', 'deadline'], { unique: true })
export class ProgressTarget {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ScopeGroup)
  @Column({ type: 'varchar', length: 16 })
  scope: ScopeGroup;

  @Field(() => ProgressMetric)
  @Column({ type: 'varchar', length: 16 })
  metric: ProgressMetric;

  @Field({ description: 'YYYY-MM-DD (Beijing day)' })
  @Column({ type: 'date' })
  deadline: string;

  @Field(() => Float, { description: '0–1' })
  @Column({ type: 'double precision' })
  threshold: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

/**
 * A frozen quarterly snapshot of progress (一季一调度). Immutable: a forced recompute adds a new version
 * and keeps the old one; `current` marks the one in force for the quarter.
 */
@ObjectType('ProgressSnapshot')
@Entity('progress_snapshot')
@Index('progress_snapshot_version_uq', ['quarter', 'version'], { unique: true })
@Index('progress_snapshot_current_uq', ['quarter'], { unique: true, where: 'current' })
export class ProgressSnapshot {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'e.g. 2024Q4' })
  @Column({ type: 'varchar', length: 7 })
  quarter: string;

  @Field({ description: 'The quarter’s last Beijing day' })
  @Column({ type: 'date' })
  asOf: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  version: number;

  @Field()
  @Column({ type: 'boolean' })
  current: boolean;

  @Field(() => GraphQLJSON, { description: 'Rates, breakdowns, forecast, overdue, ledger counts' })
  @Column({ type: 'jsonb' })
  data: object;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  createdBy: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
