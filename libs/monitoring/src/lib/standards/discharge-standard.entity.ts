import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { LimitRule } from './standard-rule';

/**
 * One grade of a standard as data: its limit rules (indicator, bound, optional condition, source). The
 * national standards ship with the product (`builtin`, refreshed from the catalogue on start); provincial or
 * local standards are added by admins and may replace a national grade (`overridesId`).
 */
@ObjectType('DischargeStandard')
@Entity('discharge_standard')
export class DischargeStandard {
  @Field({ description: 'e.g. GB18918-2002:1A' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Field({ description: 'e.g. GB 18918-2002' })
  @Column({ type: 'varchar', length: 64 })
  standard: string;

  @Field()
  @Column({ type: 'varchar', length: 16 })
  grade: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  nameZh: string;

  @Field(() => String, {
    nullable: true,
    description: 'The national grade this provincial or local standard replaces where it applies',
  })
  @Column({ type: 'varchar', length: 64, nullable: true })
  overridesId: string | null;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb' })
  rules: LimitRule[];

  @Field()
  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
