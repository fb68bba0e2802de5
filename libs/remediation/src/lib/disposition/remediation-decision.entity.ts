import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@outfall/common';
import { Outfall } from '@outfall/directory';
import { Disposition } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(Disposition, { name: 'Disposition' });

/** One rule that led to the suggestion: its key and what it says, in Chinese and in English. */
export class SuggestionReason {
  rule: string;
  zh: string;
  en: string;
}

/**
 * The decided disposition of one outfall (三个一批 or keep): what the system suggested and why, what the
 * officer decided, when and why. The decision date is the outfall's "remediation decided" milestone.
 */
@ObjectType('RemediationDecision')
@Entity('remediation_decision')
export class RemediationDecision {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  outfallId: string;

  @OneToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => Disposition)
  @Column({ type: 'varchar', length: 16 })
  suggested: Disposition;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb', default: () => "'[]'" })
  suggestionReasons: SuggestionReason[];

  @Field(() => Disposition)
  @Column({ type: 'varchar', length: 16 })
  disposition: Disposition;

  @Field({ description: 'Ban batch: interim measures because the outfall predates the zone' })
  @Column({ type: 'boolean', default: false })
  interim: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Column({ type: 'date' })
  decidedOn: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  decidedBy: string;

  @Field()
  @Column({ type: 'boolean' })
  requiresRemediation: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
