import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Outfall, ResponsibleEntity } from '@outfall/directory';
import { SewageOrigin, TracingMethod } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(TracingMethod, { name: 'TracingMethod' });
registerEnumType(SewageOrigin, { name: 'SewageOrigin' });

/**
 * A tracing record (溯源记录) for one outfall. Completing it (with a completion date) sets the outfall's
 * "traced" milestone to the earliest completion among its records.
 */
@ObjectType('TracingRecord')
@Entity('tracing_record')
@Index('tracing_record_outfall_idx', ['outfallId', 'tracedOn'])
export class TracingRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field({ description: 'YYYY-MM-DD, the day the tracing work was done' })
  @Column({ type: 'date' })
  tracedOn: string;

  @Field(() => TracingMethod)
  @Column({ type: 'varchar', length: 24 })
  method: TracingMethod;

  @Field(() => SewageOrigin, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  sewageOrigin: SewageOrigin | null;

  @Field(() => [String], { description: 'Main pollution factors: indicator codes' })
  @Column({ type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  mainFactors: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  conclusion: string | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  complete: boolean;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Field(() => [ID])
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attachmentIds: string[];

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

  @Field(() => [TracingSource])
  @OneToMany(() => TracingSource, (source) => source.tracing, { cascade: true })
  sources?: TracingSource[];
}

/** A pollution source found by tracing: a responsible entity, or free text (a sewer section, a village). */
@ObjectType('TracingSource')
@Entity('tracing_source')
@Index('tracing_source_tracing_idx', ['tracingId'])
@Index('tracing_source_entity_idx', ['entityId'])
@Index('tracing_source_candidate_idx', ['candidateSourceId'])
export class TracingSource {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tracingId: string;

  @ManyToOne(() => TracingRecord, (tracing) => tracing.sources, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tracing_id' })
  tracing?: TracingRecord;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @ManyToOne(() => ResponsibleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ResponsibleEntity;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  description: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The candidate source (部门基础清单 item) picked for this source, if any',
  })
  @Column({ type: 'uuid', nullable: true })
  candidateSourceId: string | null;

  @Field(() => Int)
  @Column({ type: 'smallint', default: 0 })
  position: number;
}
