import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Outfall, WaterBody } from '@outfall/directory';
import { Unit } from '@outfall/org';
import { RiverChiefLevel } from '@outfall/shared-types';
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

registerEnumType(RiverChiefLevel, { name: 'RiverChiefLevel' });

/** 河段: a stretch of a directory water body, with a line (or an area) in EPSG:4326. */
@ObjectType('RiverSection')
@Entity('river_section')
@Index('river_section_water_name_uq', ['waterBodyId', 'name'], { unique: true })
export class RiverSection {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  waterBodyId: string;

  @ManyToOne(() => WaterBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'water_body_id' })
  waterBody?: WaterBody;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true, description: '起点' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  fromDescription: string | null;

  @Field(() => String, { nullable: true, description: '终点' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  toDescription: string | null;

  /** MultiLineString or MultiPolygon, SRID 4326 (read as GeoJSON by the service). */
  @Index('river_section_geometry_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Geometry', srid: 4326, nullable: true, select: false })
  geometry: object | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => String, { nullable: true, description: 'Water body name' })
  waterBodyName?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'GeoJSON (WGS84)' })
  geojson?: object | null;

  @Field(() => Int, { nullable: true, description: 'Outfalls linked to the section' })
  outfallCount?: number;
}

/** 河湖长: a chief of a section. */
@ObjectType('RiverChief')
@Entity('river_chief')
@Index('river_chief_section_idx', ['sectionId'])
export class RiverChief {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => RiverSection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id' })
  section?: RiverSection;

  @Field(() => RiverChiefLevel)
  @Column({ type: 'varchar', length: 16 })
  level: RiverChiefLevel;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Field(() => String, { nullable: true, description: 'Post, e.g. 副市长' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  position: string | null;

  @Field()
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => String, { nullable: true }) unitName?: string | null;
  @Field(() => String, { nullable: true }) sectionName?: string | null;
}

/** Which section an outfall belongs to: the nearest section of its water body within the link distance. */
@Entity('outfall_section')
@Index('outfall_section_section_idx', ['sectionId'])
export class OutfallSection {
  @PrimaryColumn({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => RiverSection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id' })
  section?: RiverSection;

  @Column({ type: 'double precision' })
  distanceM: number;

  @CreateDateColumn({ type: 'timestamptz' })
  linkedAt: Date;
}

@ObjectType('SectionOutfall')
export class SectionOutfallView {
  @Field(() => ID) id: string;
  @Field() localCode: string;
  @Field() name: string;
  @Field() category: string;
  @Field(() => String, { nullable: true }) township: string | null;
  @Field(() => Float) distanceM: number;
  @Field(() => String, { nullable: true, description: 'Latest milestone reached' }) stage: string | null;
}
