import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Unit } from '@outfall/org';
import { NoticeStatus, SubmissionStatus, UpwardPackageStatus } from '@outfall/shared-types';
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

registerEnumType(NoticeStatus, { name: 'NoticeStatus' });
registerEnumType(SubmissionStatus, { name: 'SubmissionStatus' });
registerEnumType(UpwardPackageStatus, { name: 'UpwardPackageStatus' });

/** A file attached to a notice response or a submission (stored through FileStorage). */
@ObjectType('AccountabilityFile')
@Entity('accountability_file')
export class AccountabilityFile {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @Field() @Column({ type: 'varchar', length: 200 }) fileName: string;
  @Field() @Column({ type: 'varchar', length: 100 }) contentType: string;
  @Field(() => Int) @Column({ type: 'int' }) sizeBytes: number;
  @Column({ type: 'varchar', length: 255 }) storageKey: string;
  @Field() @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Field() @Column({ type: 'varchar', length: 100 }) uploadedBy: string;
  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** 督办通知: the eco branch asks a unit to deal with overdue work by a due day; the unit responds. */
@ObjectType('SupervisionNotice')
@Entity('supervision_notice')
@Index('supervision_notice_unit_idx', ['unitId', 'dueOn'])
export class SupervisionNotice {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;
  @Field({ description: '督办编号, e.g. DB-2026-0001' })
  @Index('supervision_notice_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Field(() => ID) @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Field() @Column({ type: 'varchar', length: 200 }) subject: string;
  @Field() @Column({ type: 'text' }) body: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', nullable: true }) outfallId: string | null;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', nullable: true }) planId: string | null;
  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' }) @Column({ type: 'date' }) dueOn: string;
  @Field(() => NoticeStatus)
  @Column({ type: 'varchar', length: 16, default: NoticeStatus.Sent })
  status: NoticeStatus;

  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) response: string | null;
  @Field(() => [ID]) @Column({ type: 'uuid', array: true, default: () => "'{}'" }) responseFileIds: string[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'First response' })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) reviewNote:
    string | null;
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => GraphQLJSON, { description: 'sent / respond / return / close steps with who, when, what' })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  history: { action: string; at: string; by: string; note: string | null }[];

  @Field() @Column({ type: 'varchar', length: 100 }) sentBy: string;
  @Field({ description: 'Synthetic demo record' }) @Column({ type: 'boolean', default: false }) demo: boolean;
  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) sentAt: Date;
  @Field(() => GraphQLISODateTime) @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Field(() => Int) @VersionColumn() version: number;
}

/** The structured figures of a quarterly submission (counts for the quarter). */
export interface SubmissionFigures {
  investigated: number;
  traced: number;
  plansSubmitted: number;
  remediated: number;
  verified: number;
  patrols: number;
}

/** 信息报送: one unit's quarterly progress report; resubmitted after a return. */
@ObjectType('QuarterlySubmission')
@Entity('quarterly_submission')
@Index('quarterly_submission_uq', ['unitId', 'quarter'], { unique: true })
export class QuarterlySubmission {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;
  @Field(() => ID) @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Field({ description: '2026Q3' }) @Column({ type: 'varchar', length: 6 }) quarter: string;
  @Field(() => SubmissionStatus)
  @Column({ type: 'varchar', length: 16, default: SubmissionStatus.Submitted })
  status: SubmissionStatus;

  @Field(() => GraphQLJSON, {
    description: 'investigated, traced, plansSubmitted, remediated, verified, patrols',
  })
  @Column({ type: 'jsonb' })
  figures: SubmissionFigures;

  @Field({ description: '本季度工作进展' }) @Column({ type: 'text' }) progress: string;
  @Field({ description: '存在问题' }) @Column({ type: 'text' }) problems: string;
  @Field({ description: '下一步工作' }) @Column({ type: 'text' }) nextSteps: string;
  @Field() @Column({ type: 'varchar', length: 50 }) liaisonName: string;
  @Field() @Column({ type: 'varchar', length: 20 }) liaisonPhone: string;
  @Field(() => [ID]) @Column({ type: 'uuid', array: true, default: () => "'{}'" }) fileIds: string[];

  @Field(() => GraphQLISODateTime, { description: 'First submission: timeliness is judged on it' })
  @Column({ type: 'timestamptz' })
  firstSubmittedAt: Date;

  @Field(() => GraphQLISODateTime) @Column({ type: 'timestamptz' }) submittedAt: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) returnReason:
    string | null;
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb', default: () => "'[]'" })
  history: { action: string; at: string; by: string; note: string | null }[];

  @Field() @Column({ type: 'boolean', default: false }) demo: boolean;
  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Field(() => GraphQLISODateTime) @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Field(() => Int) @VersionColumn() version: number;
}

/** The accountability configuration (submission deadline, assessment formula); every save is a new version. */
@ObjectType('AccountabilityConfig')
@Entity('accountability_config')
export class AccountabilityConfigVersion {
  @Field(() => Int) @PrimaryGeneratedColumn('increment') version: number;
  @Field(() => GraphQLJSON) @Column({ type: 'jsonb' }) config: object;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) note: string | null;
  @Field() @Column({ type: 'varchar', length: 100 }) savedBy: string;
  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) savedAt: Date;
}

/** One generated upward package (上报材料) for the prefecture bureau, with its files and receipt. */
@ObjectType('UpwardPackage')
@Entity('upward_package')
@Index('upward_package_quarter_idx', ['quarter', 'createdAt'])
export class UpwardPackage {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;
  @Field() @Column({ type: 'varchar', length: 6 }) quarter: string;
  @Field(() => UpwardPackageStatus)
  @Column({ type: 'varchar', length: 16, default: UpwardPackageStatus.Generating })
  status: UpwardPackageStatus;

  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', nullable: true }) jobId: string | null;
  @Field(() => GraphQLJSON, { description: '[{ kind: json|xlsx, fileName, sha256, sizeBytes }]' })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  files: { kind: 'json' | 'xlsx'; fileName: string; storageKey: string; sha256: string; sizeBytes: number }[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  generatedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  receiptNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  receiptOn: string | null;

  @Field() @Column({ type: 'varchar', length: 100 }) requestedBy: string;
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  receiptBy: string | null;

  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Field(() => Int) @VersionColumn() version: number;
}
