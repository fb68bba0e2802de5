import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Outfall } from '@outfall/directory';
import { Unit } from '@outfall/org';
import { OutfallArea, OutfallCategory, PatrolFindingKind, PatrolFlow } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(PatrolFindingKind, { name: 'PatrolFindingKind' });
registerEnumType(PatrolFlow, { name: 'PatrolFlow' });

/**
 * A frequency rule (巡查频次规则): outfalls matching category × area × key-river flag (a blank matches any) are
 * patrolled every `intervalDays`. The most specific matching rule wins; among equally specific ones the
 * shortest interval.
 */
@ObjectType('PatrolRule')
@Entity('patrol_rule')
export class PatrolRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => OutfallCategory, { nullable: true, description: 'Blank: any category' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  category: OutfallCategory | null;

  @Field(() => OutfallArea, { nullable: true, description: 'Blank: any area' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  area: OutfallArea | null;

  @Field(() => Boolean, { nullable: true, description: 'On a key river (重点河流); blank: any water' })
  @Column({ type: 'boolean', nullable: true })
  keyRiver: boolean | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  intervalDays: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

/** The patrol settings (one row): the distance beyond which a patrol's GPS point is flagged. */
@ObjectType('PatrolConfig')
@Entity('patrol_config')
export class PatrolConfig {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Field(() => Int, { description: 'Metres; a patrol point farther from the outfall is flagged' })
  @Column({ type: 'int', default: 200 })
  distanceLimitM: number;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

/** A per-outfall override of the rule's interval (e.g. a complaint-prone outfall patrolled weekly). */
@ObjectType('PatrolScheduleOverride')
@Entity('patrol_schedule_override')
export class PatrolScheduleOverride {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => Int)
  @Column({ type: 'int' })
  intervalDays: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

/** A patrol record (巡查记录) of the responsible unit at one outfall. */
@ObjectType('Patrol')
@Entity('patrol')
@Index('patrol_outfall_idx', ['outfallId', 'patrolDay'])
@Index('patrol_unit_idx', ['unitId', 'patrolDay'])
export class Patrol {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => ID, { description: 'The responsible unit whose duty the patrol fulfils' })
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Field(() => ID, { nullable: true, description: 'The account that recorded it' })
  @Column({ type: 'uuid', nullable: true })
  patrollerId: string | null;

  @Field({ description: 'The account name that recorded it' })
  @Column({ type: 'varchar', length: 100 })
  recordedBy: string;

  @Field({ description: 'Who patrolled (names)' })
  @Column({ type: 'varchar', length: 100 })
  patrollerNames: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz' })
  patrolledAt: Date;

  @Field({ description: 'The Beijing day of patrolledAt (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  patrolDay: string;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  longitude: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  latitude: number;

  @Field(() => Float, { description: 'Distance from the outfall, metres (PostGIS geography)' })
  @Column({ type: 'double precision' })
  distanceM: number;

  @Field(() => Int, { description: 'The distance limit in force when it was recorded' })
  @Column({ type: 'int' })
  distanceLimitM: number;

  @Field({ description: 'The GPS point is farther from the outfall than the limit' })
  @Column({ type: 'boolean' })
  distanceFlagged: boolean;

  @Field() @Column({ type: 'boolean' }) signIntact: boolean;
  @Field() @Column({ type: 'boolean' }) discharging: boolean;
  @Field() @Column({ type: 'boolean' }) colourAbnormal: boolean;
  @Field() @Column({ type: 'boolean' }) odourAbnormal: boolean;

  @Field(() => PatrolFlow)
  @Column({ type: 'varchar', length: 8 })
  flowEstimate: PatrolFlow;

  @Field() @Column({ type: 'boolean' }) newPipesNearby: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  findingCount: number;

  @Field(() => [PatrolFinding])
  @OneToMany(() => PatrolFinding, (finding) => finding.patrol)
  findings?: PatrolFinding[];

  @Field(() => [PatrolPhoto])
  @OneToMany(() => PatrolPhoto, (photo) => photo.patrol)
  photos?: PatrolPhoto[];

  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}

/** One finding of a patrol; it can open a remediation plan or (later) an enforcement case. */
@ObjectType('PatrolFinding')
@Entity('patrol_finding')
@Index('patrol_finding_patrol_idx', ['patrolId'])
export class PatrolFinding {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patrolId: string;

  @ManyToOne(() => Patrol, (patrol) => patrol.findings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patrol_id' })
  patrol?: Patrol;

  @Field(() => PatrolFindingKind)
  @Column({ type: 'varchar', length: 24 })
  kind: PatrolFindingKind;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => ID, { nullable: true, description: 'The remediation plan opened from this finding' })
  @Column({ type: 'uuid', nullable: true })
  remediationPlanId: string | null;

  @Field(() => ID, { nullable: true, description: 'The enforcement case opened from this finding' })
  @Column({ type: 'uuid', nullable: true })
  enforcementCaseId: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A photo taken on a patrol (JPEG, PNG or WebP); the bytes live in the file store. */
@ObjectType('PatrolPhoto')
@Entity('patrol_photo')
@Index('patrol_photo_patrol_idx', ['patrolId'])
export class PatrolPhoto {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  patrolId: string;

  @ManyToOne(() => Patrol, (patrol) => patrol.photos, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patrol_id' })
  patrol?: Patrol;

  @Field() @Column({ type: 'varchar', length: 200 }) fileName: string;
  @Field() @Column({ type: 'varchar', length: 100 }) contentType: string;
  @Field(() => Int) @Column({ type: 'int' }) sizeBytes: number;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
