import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Outfall } from '@outfall/directory';
import { DeviationDirection, SampleSource, ValueQualifier } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(SampleSource, { name: 'SampleSource' });
registerEnumType(ValueQualifier, { name: 'ValueQualifier' });

/**
 * A monitoring record (监测记录): one outfall, one sampling time (UTC), one data source. The same outfall,
 * time and source is the same record: ingestion upserts, never duplicates.
 */
@ObjectType('Sample')
@Entity('sample')
@Index('sample_key_uq', ['outfallId', 'sampledAt', 'source'], { unique: true })
@Index('sample_sampled_at_idx', ['sampledAt'])
// (outfall_id) WHERE exceeding, created by a migration: the candidates of the chronic-exceedance list
@Index('sample_exceeding_idx', { synchronize: false })
export class Sample {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz' })
  sampledAt: Date;

  @Field(() => SampleSource)
  @Column({ type: 'varchar', length: 16 })
  source: SampleSource;

  @Field(() => String, { nullable: true, description: 'Laboratory or online instrument' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  laboratory: string | null;

  @Field(() => Float, { nullable: true, description: 'Flow rate measured at sampling, m³/s' })
  @Column({ type: 'double precision', nullable: true })
  flowRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Velocity, m/s' })
  @Column({ type: 'double precision', nullable: true })
  velocity: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => [ID], { description: 'Outfall attachments (lab reports) this record cites' })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attachmentIds: string[];

  @Field(() => String, { nullable: true, description: 'The standard grade the values were assessed against' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  standardId: string | null;

  @Field({ description: 'At least one value exceeds its limit' })
  @Column({ type: 'boolean', default: false })
  exceeding: boolean;

  @Field(() => Int)
  @Column({ type: 'smallint', default: 0 })
  exceedingCount: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @OneToMany(() => SampleValue, (value) => value.sample)
  values?: SampleValue[];
}

/** One indicator's reading in a sample, with its assessment against the resolved standard. */
@ObjectType('SampleValue')
@Entity('sample_value')
@Index('sample_value_exceeding_idx', ['indicatorCode', 'sampleId'], { where: 'compliant = false' })
// (indicator_code, exceedance_multiple DESC NULLS LAST, sample_id) and (sample_id), both WHERE compliant = false,
// created by a migration: the exceedance list sorted by multiple, and a sample's exceeding values
@Index('sample_value_exceeding_multiple_idx', { synchronize: false })
@Index('sample_value_exceeding_sample_idx', { synchronize: false })
export class SampleValue {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  sampleId: string;

  // kept by statement-level triggers, not a foreign key (one set-based check per statement instead of one
  // query per value; migration 1769970000000): a missing sample fails the statement with SQLSTATE 23503, and
  // deleting samples deletes their values
  @ManyToOne(() => Sample, (sample) => sample.values, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'sample_id' })
  sample?: Sample;

  @Field()
  @PrimaryColumn({ type: 'varchar', length: 32 })
  indicatorCode: string;

  @Field(() => Float, { description: 'The reading; for a below-detection value, the detection limit' })
  @Column({ type: 'double precision' })
  value: number;

  @Field(() => ValueQualifier)
  @Column({ type: 'varchar', length: 16, default: ValueQualifier.Measured })
  qualifier: ValueQualifier;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  detectionLimit: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The limit applied after conditions, e.g. "≤ 8" or "6–9"',
  })
  @Column({ type: 'varchar', length: 32, nullable: true })
  limitText: string | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  limitValue: number | null;

  @Field(() => String, { nullable: true, description: 'Source reference of the rule applied' })
  @Column({ type: 'varchar', length: 120, nullable: true })
  ruleSource: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Null when the standard sets no limit for it' })
  @Column({ type: 'boolean', nullable: true })
  compliant: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description: '超标倍数 (value − limit) / limit, for a maximum; null for a range (pH): see deviation',
  })
  @Column({ type: 'double precision', nullable: true })
  exceedanceMultiple: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Range limits (pH): how far the value lies outside the allowed range, 0 inside',
  })
  @Column({ type: 'double precision', nullable: true })
  deviation: number | null;

  @Field(() => String, { nullable: true, description: 'below or above the allowed range' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  deviationDirection: DeviationDirection | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the assessment did, e.g. 未测水温，按较严限值判定, or the pH deviation',
  })
  @Column({ type: 'varchar', length: 300, nullable: true })
  explanationZh: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  explanationEn: string | null;
}
