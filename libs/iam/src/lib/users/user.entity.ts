import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiHideProperty } from '@nestjs/swagger';
import { Unit } from '@outfall/org';
import { Role } from '@outfall/shared-types';
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

registerEnumType(Role, { name: 'Role' });

/** An account. Belongs to one unit; its role decides what it may do, the unit's division where. */
@ObjectType('User')
@Entity('app_user')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Index('app_user_username_uq', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  displayName: string;

  @ApiHideProperty()
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  unitId: string;

  @Field(() => Unit)
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** Tokens issued before this instant are refused (password change, deactivation). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  credentialsChangedAt: Date;

  @Field({ description: 'Synthetic demo account' })
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field()
  @VersionColumn()
  version: number;
}
