import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DivisionLevel } from '@outfall/shared-types';
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

registerEnumType(DivisionLevel, { name: 'DivisionLevel' });

/**
 * 行政区划: the city, its townships and sub-districts (villages optional). `path` is the chain of codes from
 * the city down (`652301/652301100`): jurisdiction checks are a prefix match on it.
 */
@ObjectType('Division')
@Entity('division')
export class Division {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Administrative division code (GB/T 2260 style)' })
  @Index('division_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 12 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Field(() => DivisionLevel)
  @Column({ type: 'varchar', length: 16 })
  level: DivisionLevel;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Division;

  @Field()
  @Index('division_path_idx')
  @Column({ type: 'varchar', length: 255 })
  path: string;

  /** Boundary polygon (WGS84 / CGCS2000, SRID 4326); outfalls derive their township from it. */
  @Index('division_boundary_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326, nullable: true, select: false })
  boundary: object | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the boundary comes from (file, survey); demo boundaries say 合成 (synthetic)',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  boundarySource: string | null;

  @Field({ description: 'Synthetic demo record' })
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
