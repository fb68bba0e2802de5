import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Outfall } from './outfall.entity';

/** A suspected duplicate pair, stored once per direction so each record lists it. Recomputed, never edited. */
@ObjectType('OutfallDuplicate')
@Entity('outfall_duplicate')
@Index('outfall_duplicate_uq', ['outfallId', 'otherId'], { unique: true })
@Index('outfall_duplicate_other_idx', ['otherId'])
export class OutfallDuplicate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  otherId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'other_id' })
  other?: Outfall;

  @Field({ description: 'distance (same water, within the duplicate distance) or national_code' })
  @Column({ type: 'varchar', length: 16 })
  reason: string;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  distanceM: number | null;
}
