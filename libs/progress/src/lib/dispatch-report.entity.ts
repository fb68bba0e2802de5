import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { DispatchReportStatus, type DispatchReportTask } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { ProgressSnapshot } from './progress.entities';

registerEnumType(DispatchReportStatus, { name: 'DispatchReportStatus' });

/**
 * The dispatch report of one snapshot version (季度调度报告): next-quarter tasks and an optional narrative
 * override edited in draft, submitted by its preparer (编制), issued by another person (签发). Issuing renders
 * the XLSX and the HTML once and stores them with their SHA-256: the issued report is those bytes for good.
 */
@ObjectType('DispatchReportRecord')
@Entity('dispatch_report')
@Index('dispatch_report_snapshot_uq', ['snapshotId'], { unique: true })
export class DispatchReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  snapshotId: string;

  @ManyToOne(() => ProgressSnapshot, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'snapshot_id' })
  snapshot?: ProgressSnapshot;

  @Field()
  @Column({ type: 'varchar', length: 7 })
  quarter: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  snapshotVersion: number;

  @Field(() => DispatchReportStatus)
  @Column({ type: 'varchar', length: 12, default: DispatchReportStatus.Draft })
  status: DispatchReportStatus;

  @Field(() => GraphQLJSON, { description: 'Next-quarter tasks (调度事项): [{ content, leadUnit, dueOn }]' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  tasks: DispatchReportTask[];

  @Field(() => String, { nullable: true, description: 'Replaces the generated narrative when set' })
  @Column({ type: 'text', nullable: true })
  narrativeOverride: string | null;

  @Field(() => String, { nullable: true, description: 'Why the issuer returned it to draft, last time' })
  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  preparedById: string | null;

  @Field(() => String, { nullable: true, description: 'Prepared by (编制)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  preparedByName: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  issuedById: string | null;

  @Field(() => String, { nullable: true, description: 'Approved and issued by (审核/签发)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  issuedByName: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  xlsxKey: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the issued XLSX (hex)' })
  @Column({ type: 'char', length: 64, nullable: true })
  xlsxSha256: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  htmlKey: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the issued HTML (hex)' })
  @Column({ type: 'char', length: 64, nullable: true })
  htmlSha256: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
