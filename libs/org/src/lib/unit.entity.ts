import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OutfallCategory, UnitKind } from '@outfall/shared-types';
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
import { Division } from './division.entity';

registerEnumType(UnitKind, { name: 'UnitKind' });
registerEnumType(OutfallCategory, { name: 'OutfallCategory' });

/** 联络员: the one contact person the plan asks each unit to name. */
@ObjectType('Liaison')
export class Liaison {
  @Field() name: string;
  @Field() phone: string;
  @Field() position: string;
}

/** 单位: a department or a township / sub-district government. Its division is its jurisdiction. */
@ObjectType('Unit')
@Entity('unit')
export class Unit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Index('unit_name_uq', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => UnitKind)
  @Column({ type: 'varchar', length: 32 })
  kind: UnitKind;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  divisionId: string;

  @Field(() => Division)
  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'division_id' })
  division?: Division;

  @Field(() => [OutfallCategory], { description: 'Outfall categories this sector department writes' })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  sectorCategories: OutfallCategory[];

  @Column({ type: 'varchar', length: 50, nullable: true })
  liaisonName: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  liaisonPhone: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  liaisonPosition: string | null;

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

  @Field(() => Liaison, { nullable: true })
  get liaison(): Liaison | null {
    return this.liaisonName
      ? { name: this.liaisonName, phone: this.liaisonPhone ?? '', position: this.liaisonPosition ?? '' }
      : null;
  }
}
