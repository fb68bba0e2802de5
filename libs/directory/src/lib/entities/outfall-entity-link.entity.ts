import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Outfall } from '../outfalls/outfall.entity';
import { ResponsibleEntity } from './responsible-entity.entity';

/** An entity's part in an outfall: the one main responsible entity, or another discharging unit. */
@ObjectType('OutfallEntityLink')
@Entity('outfall_entity')
@Index('outfall_entity_uq', ['outfallId', 'entityId'], { unique: true })
@Index('outfall_entity_main_uq', ['outfallId'], { unique: true, where: 'is_main' })
@Index('outfall_entity_entity_idx', ['entityId'])
export class OutfallEntityLink {
  @Field(() => ID)
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
  entityId: string;

  @Field(() => ResponsibleEntity)
  @ManyToOne(() => ResponsibleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ResponsibleEntity;

  @Field({ description: 'The main responsible entity (one per outfall)' })
  @Column({ type: 'boolean', default: false })
  isMain: boolean;

  @Field({ description: 'Metering installed before the merge point (shared outfalls)' })
  @Column({ type: 'boolean', default: false })
  meteringInstalled: boolean;

  @Field({ description: 'Assigned automatically: the township of the river section (entity unknown)' })
  @Column({ type: 'boolean', default: false })
  isFallback: boolean;
}
