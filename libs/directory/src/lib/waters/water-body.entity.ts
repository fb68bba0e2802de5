import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { WaterKind, WaterLevel } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(WaterKind, { name: 'WaterKind' });

/** numeric columns read back as numbers (PostgreSQL returns them as text). */
const NUMERIC = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
registerEnumType(WaterLevel, { name: 'WaterLevel' });

/** A river, lake, reservoir or canal that outfalls discharge into. 头屯河 and 三屯河 are the key rivers. */
@ObjectType('WaterBody')
@Entity('water_body')
export class WaterBody {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short code used in generated outfall codes, e.g. TTH' })
  @Index('water_body_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Field(() => WaterKind)
  @Column({ type: 'varchar', length: 16 })
  kind: WaterKind;

  @Field(() => WaterLevel)
  @Column({ type: 'varchar', length: 16 })
  level: WaterLevel;

  @Field({ description: 'Key river (重点河流): outfalls within the key-area distance are in the key area' })
  @Column({ type: 'boolean', default: false })
  isKey: boolean;

  /** 流域面积 (km²), supplied by the water bureau (部门基础数据; kept by @outfall/source-lists). */
  @Field(() => Float, { nullable: true, description: '流域面积 (km²), supplied by the water bureau' })
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: NUMERIC })
  basinAreaKm2: number | null;

  /** 河长 (km), supplied by the water bureau. */
  @Field(() => Float, { nullable: true, description: '河长 (km), supplied by the water bureau' })
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: NUMERIC })
  riverLengthKm: number | null;

  /** Centre line (SRID 4326). */
  @Index('water_body_centerline_gix', { spatial: true })
  @Column({
    type: 'geometry',
    spatialFeatureType: 'MultiLineString',
    srid: 4326,
    nullable: true,
    select: false,
  })
  centerline: object | null;

  /** Shoreline / bank polygons where known (SRID 4326). */
  @Index('water_body_shoreline_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326, nullable: true, select: false })
  shoreline: object | null;

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
