import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OutfallCategory, OutfallSubType } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/**
 * A requirement rule (必测指标要求): indicators that must be measured, beyond the plan's seven, at outfalls that
 * match every criterion the rule sets — a source type (category, sub-type, the GB/T 4754 industry class of
 * a linked responsible entity) and/or the receiving water (a water body, the receiving function zone).
 */
@ObjectType('RequiredIndicatorRule')
@Entity('required_indicator_rule')
export class RequiredIndicatorRule {
  @ApiProperty()
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ description: 'What the rule is about, e.g. 电镀及金属表面处理' })
  @Field({ description: 'What the rule is about, e.g. 电镀及金属表面处理' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @ApiPropertyOptional({ enum: OutfallCategory, nullable: true })
  @Field(() => OutfallCategory, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  category: OutfallCategory | null;

  @ApiPropertyOptional({ enum: OutfallSubType, nullable: true })
  @Field(() => OutfallSubType, { nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  subType: OutfallSubType | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'GB/T 4754 code prefix (2–4 digits) matched against the linked entities’ industry codes',
  })
  @Field(() => String, {
    nullable: true,
    description: 'GB/T 4754 code prefix (2–4 digits) matched against the linked entities’ industry codes',
  })
  @Column({ type: 'varchar', length: 4, nullable: true })
  industryPrefix: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Outfalls discharging into this water body' })
  @Field(() => ID, { nullable: true, description: 'Outfalls discharging into this water body' })
  @Column({ type: 'uuid', nullable: true })
  waterBodyId: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Outfalls whose receiving function zone is this one' })
  @Field(() => ID, { nullable: true, description: 'Outfalls whose receiving function zone is this one' })
  @Column({ type: 'uuid', nullable: true })
  functionZoneId: string | null;

  @ApiProperty({ type: [String], description: 'Indicator codes the rule requires' })
  @Field(() => [String], { description: 'Indicator codes the rule requires' })
  @Column({ type: 'varchar', length: 32, array: true })
  indicatorCodes: string[];

  @ApiPropertyOptional({ nullable: true, description: 'Where the requirement comes from' })
  @Field(() => String, { nullable: true, description: 'Where the requirement comes from' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  basis: string | null;

  @ApiProperty()
  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ApiProperty({ description: 'Shipped with the product: can be edited or deactivated, not removed' })
  @Field({ description: 'Shipped with the product: can be edited or deactivated, not removed' })
  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @ApiProperty()
  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty()
  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ApiProperty()
  @Field(() => Int)
  @VersionColumn()
  version: number;
}
