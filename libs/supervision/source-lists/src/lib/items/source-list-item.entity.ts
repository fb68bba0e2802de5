import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ResponsibleEntity } from '@outfall/directory';
import { Division, Unit } from '@outfall/org';
import { SourceListKind } from '@outfall/shared-types';
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

registerEnumType(SourceListKind, { name: 'SourceListKind' });

const numeric = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};

/**
 * One row of a department's base list (部门基础清单): an above-scale industrial enterprise, a livestock farm or
 * an aquaculture farm, owned by the unit that keeps the list, matched to a responsible entity by credit code.
 */
@ObjectType('SourceListItem')
@Entity('source_list_item')
// GiST on location::geography (ST_DWithin in metres), created by the migration (TypeORM cannot express it)
@Index('source_list_item_location_geog_gix', { synchronize: false })
@Index('source_list_item_owner_idx', ['ownerUnitId', 'kind'])
@Index('source_list_item_division_idx', ['divisionId'])
@Index('source_list_item_matched_idx', ['matchedEntityId'])
@Index('source_list_item_owner_code_uq', ['ownerUnitId', 'kind', 'creditCode'], {
  unique: true,
  where: 'credit_code IS NOT NULL',
})
export class SourceListItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => SourceListKind)
  @Column({ type: 'varchar', length: 24 })
  kind: SourceListKind;

  @Field(() => ID, { description: 'The department (unit) that keeps this list' })
  @Column({ type: 'uuid' })
  ownerUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_unit_id' })
  ownerUnit?: Unit;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (GB 32100-2015)' })
  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  longitude: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  latitude: number;

  @Index('source_list_item_location_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326, select: false })
  location: object;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Field(() => ID, { nullable: true, description: 'Township / sub-district (given, or from its boundary)' })
  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  @ManyToOne(() => Division, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'division_id' })
  division?: Division;

  @Field(() => String, {
    nullable: true,
    description: '国民经济行业分类代码 (GB/T 4754-2017): a section letter or 2–4 digits',
  })
  @Column({ type: 'varchar', length: 5, nullable: true })
  industryCode: string | null;

  @Field(() => String, { nullable: true, description: '养殖品种 (livestock and aquaculture farms)' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  species: string | null;

  @Field(() => Int, { nullable: true, description: '存栏量 (head count; livestock farms)' })
  @Column({ type: 'integer', nullable: true })
  headCount: number | null;

  @Field(() => Float, { nullable: true, description: '养殖面积 in mu (亩; aquaculture farms)' })
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numeric })
  areaMu: number | null;

  @Field(() => ID, { nullable: true, description: 'The responsible entity with the same credit code' })
  @Column({ type: 'uuid', nullable: true })
  matchedEntityId: string | null;

  @ManyToOne(() => ResponsibleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'matched_entity_id' })
  matchedEntity?: ResponsibleEntity;

  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  // ---- read-side, not stored: filled by the service ----

  @Field(() => String, { nullable: true, description: 'The keeping unit' })
  ownerUnitName?: string | null;

  @Field(() => String, { nullable: true })
  divisionName?: string | null;

  @Field(() => String, { nullable: true })
  matchedEntityName?: string | null;

  @Field({ description: 'Matched to a responsible entity by credit code' })
  matched?: boolean;

  @Field(() => Float, { nullable: true, description: 'Candidate search only: metres from the outfall' })
  distanceM?: number | null;
}
