import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Division } from '@outfall/org';
import {
  Bank,
  DischargeMethod,
  DischargeMode,
  OutfallArea,
  OutfallCategory,
  OutfallSubType,
  ProtectedAreaKind,
  SetupApproval,
} from '@outfall/shared-types';
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
import { WaterBody } from '../waters/water-body.entity';

registerEnumType(OutfallSubType, { name: 'OutfallSubType' });
registerEnumType(Bank, { name: 'Bank' });
registerEnumType(DischargeMode, { name: 'DischargeMode' });
registerEnumType(DischargeMethod, { name: 'DischargeMethod' });
registerEnumType(SetupApproval, { name: 'SetupApproval' });
registerEnumType(OutfallArea, { name: 'OutfallArea' });

export enum OutfallStatus {
  Active = 'active',
  Merged = 'merged',
}
registerEnumType(OutfallStatus, { name: 'OutfallStatus' });

/** A protected area that makes an outfall a ban candidate (禁设区域), as stored in `ban_reasons`. */
export class BanReason {
  protectedAreaId!: string;
  name!: string;
  kind!: ProtectedAreaKind;
  /** YYYY-MM-DD, when known. */
  designatedOn!: string | null;
}

/** 入河排污口: one record of the directory (排污口名录). */
@ObjectType('Outfall')
@Entity('outfall')
// GiST on location::geography, created by a migration (TypeORM cannot express it)
@Index('outfall_location_geog_gix', { synchronize: false })
// local_code text_pattern_ops (prefix match for the next code) and (water, name) of active outfalls: by migration
@Index('outfall_local_code_prefix_idx', { synchronize: false })
@Index('outfall_water_name_idx', { synchronize: false })
// trigram GIN on name, local_code and national_code for the text search (ILIKE '%…%'): by migration
@Index('outfall_name_trgm_idx', { synchronize: false })
@Index('outfall_local_code_trgm_idx', { synchronize: false })
@Index('outfall_national_code_trgm_idx', { synchronize: false })
@Index('outfall_water_idx', ['waterBodyId'])
// river + category, the directory's usual filter: its total is an index-only count (docs/performance.md)
@Index('outfall_water_category_idx', ['waterBodyId', 'category'])
@Index('outfall_division_idx', ['divisionId'])
@Index('outfall_category_idx', ['category', 'subType'])
export class Outfall {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { nullable: true, description: '国家统一赋码 (external, optional)' })
  @Index('outfall_national_code_uq', { unique: true, where: 'national_code IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  nationalCode: string | null;

  @Field({ description: 'Local code generated on create (water code + category code + sequence)' })
  @Index('outfall_local_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  localCode: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => OutfallCategory)
  @Column({ type: 'varchar', length: 16 })
  category: OutfallCategory;

  @Field(() => OutfallSubType)
  @Column({ type: 'varchar', length: 32 })
  subType: OutfallSubType;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  longitude: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  latitude: number;

  @Index('outfall_location_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326, select: false })
  location: object;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  waterBodyId: string;

  @ManyToOne(() => WaterBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'water_body_id' })
  waterBody?: WaterBody;

  @Field(() => Bank)
  @Column({ type: 'varchar', length: 8, default: Bank.Unknown })
  bank: Bank;

  @Field(() => ID, { description: 'Township / sub-district (derived from boundaries where they exist)' })
  @Column({ type: 'uuid' })
  divisionId: string;

  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'division_id' })
  division?: Division;

  @Field({ description: 'The division was derived from boundary data (not entered)' })
  @Column({ type: 'boolean', default: false })
  divisionDerived: boolean;

  @Field(() => ID, {
    nullable: true,
    description:
      'A division entered by hand that a later boundary contradicts: the division whose boundary contains the point (to review; the outfall is not moved)',
  })
  @Column({ type: 'uuid', nullable: true })
  boundaryDivisionId: string | null;

  @ManyToOne(() => Division, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'boundary_division_id' })
  boundaryDivision?: Division;

  @Field(() => DischargeMode, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  dischargeMode: DischargeMode | null;

  @Field(() => DischargeMethod, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  dischargeMethod: DischargeMethod | null;

  @Field(() => Int, { nullable: true, description: 'Diameter or width, mm' })
  @Column({ type: 'int', nullable: true })
  sizeMm: number | null;

  @Field({ description: 'Date discovered (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  discoveredOn: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  permitNumber: string | null;

  @Field(() => SetupApproval, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  setupApproval: SetupApproval | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The setup application (审批 or 登记) this outfall’s setupApproval comes from; set, the value is derived and not written by hand',
  })
  @Column({ type: 'uuid', nullable: true })
  setupApplicationId: string | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  signageInstalled: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  signageInstalledOn: string | null;

  // ---- derived (recomputed when the location or a layer changes) ----

  @Field(() => OutfallArea)
  @Column({ type: 'varchar', length: 8, default: OutfallArea.General })
  area: OutfallArea;

  @Field(() => Float, { nullable: true, description: 'Distance to the nearest key river, metres' })
  @Column({ type: 'double precision', nullable: true })
  keyDistanceM: number | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  keyWaterBodyId: string | null;

  @Field({ description: 'Inside a protected area: candidate for ban by law' })
  @Column({ type: 'boolean', default: false })
  banCandidate: boolean;

  @Field(() => GraphQLJSON, { description: 'The protected areas that make it a ban candidate' })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  banReasons: BanReason[];

  @Field(() => Int, { description: 'Number of suspected duplicates' })
  @Column({ type: 'int', default: 0 })
  duplicateCount: number;

  @Field(() => OutfallStatus)
  @Column({ type: 'varchar', length: 16, default: OutfallStatus.Active })
  status: OutfallStatus;

  @Field(() => ID, { nullable: true, description: 'The surviving outfall this one was merged into' })
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Outfall, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Outfall;

  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field()
  @VersionColumn()
  version: number;
}
