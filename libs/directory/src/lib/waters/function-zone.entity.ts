import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { WaterClass } from '@outfall/shared-types';
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
import { WaterBody } from './water-body.entity';

registerEnumType(WaterClass, { name: 'WaterClass' });

/** 水功能区: a stretch of water with a GB 3838 target class. */
@ObjectType('FunctionZone')
@Entity('function_zone')
export class FunctionZone {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  waterBodyId: string;

  @ManyToOne(() => WaterBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'water_body_id' })
  waterBody?: WaterBody;

  @Field(() => WaterClass)
  @Column({ type: 'varchar', length: 4 })
  targetClass: WaterClass;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the zone currently meets its target class; null when unknown (needs review)',
  })
  @Column({ type: 'boolean', nullable: true })
  targetMet: boolean | null;

  @Index('function_zone_geometry_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326, nullable: true, select: false })
  geometry: object | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field()
  @VersionColumn()
  version: number;
}
