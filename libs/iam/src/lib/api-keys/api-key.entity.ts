import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiHideProperty } from '@nestjs/swagger';
import { ApiKeyScope } from '@outfall/shared-types';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });

/**
 * A key for another government system. The secret is shown once at creation; only its SHA-256 is stored
 * (keys are 256-bit random, so a fast hash is safe and lookups stay cheap).
 */
@ObjectType('ApiKey')
@Entity('api_key')
export class ApiKey {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'The visible start of the key, to recognise it' })
  @Index('api_key_prefix_uq', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  // never sent (select: false): the contract does not name it either
  @ApiHideProperty()
  @Column({ type: 'varchar', length: 64, select: false })
  secretHash: string;

  @Field(() => ApiKeyScope)
  @Column({ type: 'varchar', length: 16 })
  scope: ApiKeyScope;

  @Field(() => [ApiKeyScope], {
    description: 'Every scope the key holds: its base scope and those added on top',
  })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  scopes: ApiKeyScope[];

  @Field(() => Int, {
    nullable: true,
    description:
      'Requests per minute this key may make; null means the default (API_KEY_RATE_LIMIT_PER_MINUTE)',
  })
  @Column({ type: 'int', nullable: true })
  rateLimitPerMinute: number | null;

  /** The secret replaced by the last rotation, valid until `previousSecretExpiresAt` (or until revoked). */
  @ApiHideProperty()
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  previousSecretHash: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'After a rotation: when the previous secret stops working (null: no previous secret is valid)',
  })
  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'Jurisdiction; null means city-wide' })
  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
