import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MilestoneType } from '@outfall/shared-types';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Outfall } from './outfall.entity';

registerEnumType(MilestoneType, { name: 'MilestoneType' });

/**
 * A dated milestone. `effectiveOn` is when it happened in the field (entered or imported, Asia/Shanghai
 * calendar day); `recordedAt` is when it was entered. Progress "as of" a date counts `effectiveOn`.
 */
@ObjectType('OutfallEvent')
@Entity('outfall_event')
@Index('outfall_event_uq', ['outfallId', 'type'], { unique: true })
// (type, effective_on) INCLUDE (outfall_id), created by a migration (TypeORM cannot express INCLUDE)
@Index('outfall_event_type_cover_idx', { synchronize: false })
export class OutfallEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => MilestoneType)
  @Column({ type: 'varchar', length: 32 })
  type: MilestoneType;

  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Column({ type: 'date' })
  effectiveOn: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field({ description: 'manual, import, workflow or back_entry' })
  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source: string;

  @Field({ description: 'Back-entered (补录) by the eco branch for work done before the platform existed' })
  @Column({ type: 'boolean', default: false })
  backEntered: boolean;

  @Field(() => String, { nullable: true, description: 'Back-entry: why it is entered after the fact' })
  @Column({ type: 'text', nullable: true })
  backEntryReason: string | null;

  @Field(() => String, { nullable: true, description: 'Back-entry: the document it rests on (文号)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  backEntryDocument: string | null;

  @Field(() => [ID], { description: 'Back-entry: photos (optional)' })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  backEntryPhotoIds: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'manual_unconfirmed: a workflow-owned milestone set by hand before the rule, for the eco branch to confirm or revert',
  })
  @Column({ type: 'varchar', length: 32, nullable: true })
  reviewState: string | null;
}
