import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PublicReportOutcome, PublicReportStatus } from './public-report.types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(PublicReportStatus, { name: 'PublicReportStatus' });
registerEnumType(PublicReportOutcome, { name: 'PublicReportOutcome' });

/**
 * A public report (公众举报) of a suspected illegal or polluting outfall: where, what, photos, an optional contact;
 * the tracking number and the hash of the reporter's secret; triage (township, assigned unit, response deadline),
 * the outcome with its links, and the reply the reporter sees.
 */
@ObjectType('PublicReport')
@Entity('public_report')
@Index('public_report_tracking_uq', ['trackingNo'], { unique: true })
@Index('public_report_status_idx', ['status', 'dueOn'])
@Index('public_report_unit_idx', ['assignedUnitId'])
@Index('public_report_division_idx', ['divisionId'])
export class PublicReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: '举报编号 JB-YYYYMMDD-NNNN (Beijing day of receipt)' })
  @Column({ type: 'varchar', length: 20 })
  trackingNo: string;

  /** SHA-256 (hex) of the reporter's secret; the secret itself is shown once and never stored. */
  @Column({ type: 'char', length: 64 })
  secretHash: string;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  longitude: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  latitude: number;

  @Index('public_report_location_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326, select: false })
  location: object;

  @Field(() => ID, { nullable: true, description: 'The township whose boundary holds the location' })
  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => String, { nullable: true, description: 'How to reach the reporter (absent when anonymous)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contact: string | null;

  @Field(() => PublicReportStatus)
  @Column({ type: 'varchar', length: 16, default: PublicReportStatus.Received })
  status: PublicReportStatus;

  @Field({ description: 'Beijing day of receipt' })
  @Column({ type: 'date' })
  receivedOn: string;

  @Field(() => ID, { nullable: true, description: 'The township or department handling it' })
  @Column({ type: 'uuid', nullable: true })
  assignedUnitId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  assignedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Response deadline (Beijing day)' })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => PublicReportOutcome, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: PublicReportOutcome | null;

  @Field(() => String, { nullable: true, description: 'Internal note on the outcome (never shown publicly)' })
  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Field(() => String, { nullable: true, description: 'The reply the reporter sees' })
  @Column({ type: 'text', nullable: true })
  publicReply: string | null;

  @Field(() => String, { nullable: true, description: 'Beijing day the outcome was recorded' })
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  outfallId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  remediationPlanId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  duplicateOfId: string | null;

  @ManyToOne(() => PublicReport, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'duplicate_of_id' })
  duplicateOf?: PublicReport | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  enforcementCaseId: string | null;

  @Field({ description: 'Synthetic demo record' })
  @Column({ type: 'boolean', default: false })
  demo: boolean;

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

/** The handling timeline: public steps (shown to the reporter with `publicText`) and internal notes. */
@ObjectType('PublicReportEvent')
@Entity('public_report_event')
@Index('public_report_event_report_idx', ['reportId', 'at'])
export class PublicReportEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => PublicReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: PublicReport;

  @Field({ description: 'received, assign, outcome, reply' })
  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Field({ description: 'Beijing day' })
  @Column({ type: 'date' })
  on: string;

  @Field(() => String, { nullable: true, description: 'What the reporter sees for this step' })
  @Column({ type: 'text', nullable: true })
  publicText: string | null;

  @Field(() => String, { nullable: true, description: 'Internal note' })
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

/** A photo of a report, stored after its metadata (EXIF / XMP / text chunks) was removed. */
@ObjectType('PublicReportPhoto')
@Entity('public_report_photo')
@Index('public_report_photo_report_idx', ['reportId'])
export class PublicReportPhoto {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => PublicReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: PublicReport;

  @Field()
  @Column({ type: 'varchar', length: 32 })
  contentType: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the stored (stripped) bytes' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A proof-of-work challenge that was spent (each one is accepted once). */
@Entity('public_report_challenge')
@Index('public_report_challenge_expires_idx', ['expiresAt'])
export class PublicReportChallenge {
  /** SHA-256 of the challenge string. */
  @PrimaryColumn({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  usedAt: Date;
}
