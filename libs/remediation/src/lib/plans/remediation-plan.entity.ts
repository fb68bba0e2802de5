import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Outfall } from '@outfall/directory';
import { Unit } from '@outfall/org';
import { PlanStatus, TargetState } from '@outfall/shared-types';
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

registerEnumType(PlanStatus, { name: 'PlanStatus' });
registerEnumType(TargetState, { name: 'TargetState' });

export interface PlanMilestone {
  name: string;
  plannedOn: string;
  actualOn: string | null;
  note: string | null;
}

export interface ProgressNote {
  on: string;
  note: string;
  by: string;
}

/** A one-outfall-one-policy plan (一口一策): problems, measures, target, who, by when, and its workflow state. */
@ObjectType('RemediationPlan')
@Entity('remediation_plan')
@Index('remediation_plan_outfall_uq', ['outfallId'], { unique: true })
@Index('remediation_plan_status_idx', ['status', 'deadline'])
export class RemediationPlan {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => PlanStatus)
  @Column({ type: 'varchar', length: 16, default: PlanStatus.Draft })
  status: PlanStatus;

  @Field(() => [String], { description: 'Problem codes from the checklist' })
  @Column({ type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  problems: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  problemNotes: string | null;

  @Field()
  @Column({ type: 'text' })
  measures: string;

  @Field(() => TargetState)
  @Column({ type: 'varchar', length: 24 })
  targetState: TargetState;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  mergeIntoId: string | null;

  @ManyToOne(() => Outfall, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merge_into_id' })
  mergeInto?: Outfall;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  responsibleUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'responsible_unit_id' })
  responsibleUnit?: Unit;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  responsiblePerson: string;

  @Field()
  @Column({ type: 'varchar', length: 20 })
  responsiblePhone: string;

  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Column({ type: 'date' })
  deadline: string;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb', default: () => "'[]'" })
  milestones: PlanMilestone[];

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb', default: () => "'[]'" })
  progressNotes: ProgressNote[];

  @Field(() => [ID])
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  beforePhotoIds: string[];

  @Field(() => [ID])
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  afterPhotoIds: string[];

  @Field(() => [ID], { description: 'Other evidence documents (outfall attachments)' })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  evidenceIds: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  submittedOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  approvedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Completion claimed by the responsible unit' })
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Verified and closed (销号)' })
  @Column({ type: 'date', nullable: true })
  verifiedOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The compliant sample the close-out relied on' })
  @Column({ type: 'uuid', nullable: true })
  complianceSampleId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

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

/** Every version of a plan: each edit and each workflow transition, with who, when and why. */
@ObjectType('RemediationPlanVersion')
@Entity('remediation_plan_version')
@Index('remediation_plan_version_plan_idx', ['planId', 'version'])
export class RemediationPlanVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => RemediationPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: RemediationPlan;

  @Field(() => Int)
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'create, edit, or the workflow action' })
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Field()
  @Column({ type: 'varchar', length: 16 })
  toStatus: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  actorName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb' })
  snapshot: object;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
