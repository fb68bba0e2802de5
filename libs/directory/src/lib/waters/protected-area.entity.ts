import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ProtectedAreaKind } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(ProtectedAreaKind, { name: 'ProtectedAreaKind' });

/** Red line, drinking-water source zones, nature reserves: outfalls inside are ban candidates. */
@ObjectType('ProtectedArea')
@Entity('protected_area')
export class ProtectedArea {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProtectedAreaKind)
  @Column({ type: 'varchar', length: 32 })
  kind: ProtectedAreaKind;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true, description: 'Designation date (YYYY-MM-DD)' })
  @Column({ type: 'date', nullable: true })
  designatedOn: string | null;

  @Index('protected_area_geometry_gix', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326, select: false })
  geometry: object;

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
