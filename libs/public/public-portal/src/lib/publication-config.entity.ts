import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OutfallCategory } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/**
 * The catalogue of outfall fields that may be published. `code` is always public: it is the key of the
 * public page (`/o/<code>`) and is printed on the sign.
 */
export enum PublicField {
  Code = 'code',
  Name = 'name',
  Location = 'location',
  ReceivingWater = 'receivingWater',
  Township = 'township',
  ResponsibleEntity = 'responsibleEntity',
  Category = 'category',
  RemediationStatus = 'remediationStatus',
  LatestCompliance = 'latestCompliance',
  Sign = 'sign',
}

export const PUBLIC_FIELDS = Object.values(PublicField);

/** Published by default when nothing is configured (never latest compliance: the city chooses). */
export const DEFAULT_PUBLIC_FIELDS: PublicField[] = [
  PublicField.Code,
  PublicField.Name,
  PublicField.Location,
  PublicField.ReceivingWater,
  PublicField.Township,
  PublicField.ResponsibleEntity,
  PublicField.Category,
  PublicField.RemediationStatus,
  PublicField.Sign,
];

/** A configuration version: edited as a draft, submitted, then approved (effective) or rejected. */
export enum PublicationStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Effective = 'effective',
  Superseded = 'superseded',
  Rejected = 'rejected',
}
registerEnumType(PublicationStatus, { name: 'PublicationStatus' });

/**
 * 信息公开配置: which outfall fields are public and which outfalls are published. Each change is a new
 * revision; only the one effective revision drives the public side; the others are its history.
 */
@ObjectType('PublicationConfig')
@Entity('publication_config')
@Index('publication_config_revision_uq', ['revision'], { unique: true })
@Index('publication_config_open_uq', { synchronize: false })
@Index('publication_config_effective_uq', { synchronize: false })
export class PublicationConfig {
  @ApiProperty()
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ description: 'Revision number, 1, 2, …' })
  @Field(() => Int)
  @Column({ type: 'int' })
  revision: number;

  @ApiProperty({ enum: PublicationStatus })
  @Field(() => PublicationStatus)
  @Column({ type: 'varchar', length: 16, default: PublicationStatus.Draft })
  status: PublicationStatus;

  @ApiProperty({ enum: PublicField, isArray: true, description: 'The public fields (code always included)' })
  @Field(() => [String])
  @Column({ type: 'varchar', length: 32, array: true })
  fields: PublicField[];

  @ApiProperty({ enum: OutfallCategory, isArray: true, description: 'Published outfall categories' })
  @Field(() => [String])
  @Column({ type: 'varchar', length: 16, array: true })
  categories: OutfallCategory[];

  @ApiProperty({ description: 'Publish only outfalls whose sign is installed' })
  @Field()
  @Column({ type: 'boolean', default: false })
  signedOnly: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'What changed and why' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  editedByName: string | null;

  @ApiPropertyOptional({ nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  reviewedByName: string | null;

  @ApiPropertyOptional({ nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, description: 'When it took effect (approval)' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  effectiveFrom: Date | null;

  @ApiPropertyOptional({ nullable: true, description: 'When a later revision replaced it' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  effectiveUntil: Date | null;

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
