import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A monitoring indicator (监测指标). The seven the plan requires (flow, water temperature, pH, COD, NH3-N,
 * TP, TN) are marked `required` and cannot be removed; admins add more. `physicalMin`/`physicalMax` bound
 * what can physically be measured: a value outside them is refused, not stored.
 */
@ObjectType('Indicator')
@Entity('indicator')
export class Indicator {
  @Field({ description: 'Stable code, e.g. cod, nh3n, bod5' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  nameZh: string;

  @Field()
  @Column({ type: 'varchar', length: 80 })
  nameEn: string;

  @Field(() => String, { nullable: true, description: 'mg/L, m³/d, °C, MPN/L…; none for pH' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  unit: string | null;

  @Field(() => Int)
  @Column({ type: 'smallint', default: 2 })
  decimals: number;

  @Field()
  @Column({ type: 'boolean', default: false })
  required: boolean;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  physicalMin: number | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  physicalMax: number | null;

  @Field(() => Int)
  @Column({ type: 'smallint', default: 100 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
