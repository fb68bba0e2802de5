import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Division } from '@outfall/org';
import { EntityKind } from '@outfall/shared-types';
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

registerEnumType(EntityKind, { name: 'EntityKind' });

/** 责任主体: who must treat, monitor and maintain an outfall (polluter pays; township fallback). */
@ObjectType('ResponsibleEntity')
@Entity('responsible_entity')
export class ResponsibleEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => EntityKind)
  @Column({ type: 'varchar', length: 32 })
  kind: EntityKind;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (GB 32100-2015)' })
  @Index('responsible_entity_credit_code_uq', { unique: true, where: 'credit_code IS NOT NULL' })
  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Field(() => String, { nullable: true, description: '国民经济行业分类代码 (GB/T 4754-2017)' })
  @Column({ name: 'industry_code', type: 'varchar', length: 5, nullable: true })
  industryCode: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 50, nullable: true })
  legalRepresentative: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 50, nullable: true })
  contactName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  divisionId: string;

  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'division_id' })
  division?: Division;

  @Field()
  @Column({ type: 'boolean', default: false })
  inIndustrialPark: boolean;

  /** For township governments: the unit whose division this is (the fallback owner). */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  fallbackForDivisionId: string | null;

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
