import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Outfall, ResponsibleEntity } from '@outfall/directory';
import { CaseOrigin, CaseSource, CaseStatus, ViolationKind } from '@outfall/shared-types';
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

registerEnumType(ViolationKind, { name: 'ViolationKind' });
registerEnumType(CaseSource, { name: 'CaseSource' });
registerEnumType(CaseStatus, { name: 'CaseStatus' });
registerEnumType(CaseOrigin, { name: 'CaseOrigin' });

/** numeric(14,2) ↔ number (yuan). */
const yuan = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};

/** What the case was opened from, as it was when the case was opened (the exceedance's reading, …). */
export interface CaseOriginDetail {
  sampledAt?: string;
  value?: number;
  limitText?: string | null;
  exceedanceMultiple?: number | null;
  recentSamples?: number;
  recentExceeding?: number;
}

/** An enforcement case (执法案件): an outfall, the entity, the violation, its source, and its way to closure. */
@ObjectType('EnforcementCase')
@Entity('enforcement_case')
@Index('enforcement_case_no_uq', ['caseNo'], { unique: true })
@Index('enforcement_case_outfall_idx', ['outfallId'])
@Index('enforcement_case_status_idx', ['status', 'rectificationDeadline'])
@Index('enforcement_case_sample_idx', ['sampleId', 'indicatorCode'])
export class EnforcementCase {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: '案件编号, e.g. ZF2024-0001' })
  @Column({ type: 'varchar', length: 20 })
  caseNo: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => ID, { nullable: true, description: 'The responsible entity (责任主体)' })
  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @ManyToOne(() => ResponsibleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ResponsibleEntity | null;

  @Field(() => ViolationKind)
  @Column({ type: 'varchar', length: 24 })
  kind: ViolationKind;

  @Field(() => String, { nullable: true, description: 'What the violation is, for kind other' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  kindOther: string | null;

  @Field(() => CaseSource)
  @Column({ type: 'varchar', length: 24 })
  source: CaseSource;

  @Field(() => CaseStatus)
  @Column({ type: 'varchar', length: 16, default: CaseStatus.Registered })
  status: CaseStatus;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => String, { nullable: true, description: '法律依据' })
  @Column({ type: 'text', nullable: true })
  legalBasis: string | null;

  @Field(() => CaseOrigin)
  @Column({ type: 'varchar', length: 16, default: CaseOrigin.Manual })
  origin: CaseOrigin;

  @Field(() => ID, { nullable: true, description: 'The exceeding sample (origin exceedance)' })
  @Column({ type: 'uuid', nullable: true })
  sampleId: string | null;

  @Field(() => String, { nullable: true, description: 'The exceeding indicator (origin exceedance)' })
  @Column({ type: 'varchar', length: 32, nullable: true })
  indicatorCode: string | null;

  @Field(() => ID, { nullable: true, description: 'The patrol record (no foreign key: patrols link it)' })
  @Column({ type: 'uuid', nullable: true })
  patrolRecordId: string | null;

  @Field(() => ID, { nullable: true, description: 'The public report (no foreign key)' })
  @Column({ type: 'uuid', nullable: true })
  publicReportId: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  originDetail: CaseOriginDetail | null;

  @Field({ description: '立案日期 YYYY-MM-DD (Beijing day)' })
  @Column({ type: 'date' })
  registeredOn: string;

  @Field(() => Float, { nullable: true, description: '罚款金额（元）' })
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: yuan })
  penaltyAmount: number | null;

  @Field(() => String, { nullable: true, description: '处罚决定书文号' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  penaltyDocumentNo: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  penaltyDecidedOn: string | null;

  @Field(() => String, { nullable: true, description: '责令改正内容' })
  @Column({ type: 'text', nullable: true })
  rectificationOrder: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  rectificationOrderedOn: string | null;

  @Field(() => String, { nullable: true, description: '整改期限 YYYY-MM-DD' })
  @Column({ type: 'date', nullable: true })
  rectificationDeadline: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: '结案说明 / 不予立案或撤销的理由' })
  @Column({ type: 'text', nullable: true })
  closingNote: string | null;

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

/** The case's timeline: the opening, each edit and each workflow step, with who, when and why. */
@ObjectType('EnforcementCaseEvent')
@Entity('enforcement_case_event')
@Index('enforcement_case_event_case_idx', ['caseId', 'at'])
export class EnforcementCaseEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => EnforcementCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: EnforcementCase;

  @Field({ description: 'open, edit, evidence, or the workflow action' })
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: CaseStatus | null;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  toStatus: CaseStatus;

  @Field({ description: 'The Beijing day the step happened' })
  @Column({ type: 'date' })
  on: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  actorName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** An evidence file of a case, kept in the file storage with the SHA-256 of its bytes taken on upload. */
@ObjectType('EnforcementEvidence')
@Entity('enforcement_evidence')
@Index('enforcement_evidence_case_idx', ['caseId'])
export class EnforcementEvidence {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => EnforcementCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: EnforcementCase;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the bytes (hex), computed on upload' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  uploadedBy: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
