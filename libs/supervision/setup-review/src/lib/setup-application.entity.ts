import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FunctionZone, Outfall, ResponsibleEntity, WaterBody } from '@outfall/directory';
import { Division } from '@outfall/org';
import { BilingualText } from '@outfall/common';
import {
  OutfallCategory,
  OutfallSubType,
  SetupDecision,
  SetupKind,
  SetupRoute,
  SetupRule,
  SetupRuleOutcome,
  SetupStatus,
  WaterImpact,
} from '@outfall/shared-types';
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

registerEnumType(SetupKind, { name: 'SetupKind' });
registerEnumType(SetupRoute, { name: 'SetupRoute' });
registerEnumType(SetupStatus, { name: 'SetupStatus' });
registerEnumType(SetupDecision, { name: 'SetupDecision' });
registerEnumType(SetupRule, { name: 'SetupRule' });
registerEnumType(SetupRuleOutcome, { name: 'SetupRuleOutcome' });
registerEnumType(WaterImpact, { name: 'WaterImpact' });

/** A document attached to an application (stored through the platform's file storage). */
@ObjectType('SetupDocument')
export class SetupDocument {
  @Field(() => ID) id: string;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Int) sizeBytes: number;
  @Field() uploadedAt: string;
  /** internal: never sent */
  storageKey?: string;
}

/** One rule checked for the reviewer, with its outcome and the plan's reason. */
@ObjectType('SetupRuleResult')
export class SetupRuleResult {
  @Field(() => SetupRule) rule: SetupRule;
  @Field(() => SetupRuleOutcome) outcome: SetupRuleOutcome;
  @Field(() => BilingualText) reason: BilingualText;
}

/**
 * 设置申请: an application to set up (new), change or enlarge an outfall, on the approval route (审批) or the
 * registration route (登记, filed not approved) by the outfall's category.
 */
@ObjectType('SetupApplication')
@Entity('setup_application')
@Index('setup_application_code_uq', ['code'], { unique: true })
@Index('setup_application_status_idx', ['status'])
@Index('setup_application_applicant_idx', ['applicantId'])
@Index('setup_application_outfall_idx', ['outfallId'])
export class SetupApplication {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;

  @ApiProperty({ description: 'Application number (SQ-YYYY-NNNN)' })
  @Field()
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Field(() => ID) @Column({ type: 'uuid' }) applicantId: string;

  @ManyToOne(() => ResponsibleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicant_id' })
  applicant?: ResponsibleEntity;

  @Field(() => SetupKind)
  @Column({ type: 'varchar', length: 8 })
  kind: SetupKind;

  @ApiProperty({ enum: SetupRoute, description: 'approval (审批) or registration (登记), from the category' })
  @Field(() => SetupRoute)
  @Column({ type: 'varchar', length: 16 })
  route: SetupRoute;

  @Field(() => SetupStatus)
  @Column({ type: 'varchar', length: 12, default: SetupStatus.Draft })
  status: SetupStatus;

  @ApiPropertyOptional({
    description: 'The existing outfall (change / enlarge), or the one created on approval',
  })
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  outfallId: string | null;

  @ManyToOne(() => Outfall, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @ApiProperty({ description: 'Proposed name (new) or the outfall’s name' })
  @Field()
  @Column({ type: 'varchar', length: 100 })
  outfallName: string;

  @Field(() => OutfallCategory)
  @Column({ type: 'varchar', length: 16 })
  category: OutfallCategory;

  @Field(() => OutfallSubType)
  @Column({ type: 'varchar', length: 32 })
  subType: OutfallSubType;

  @Field(() => Float) @Column({ type: 'double precision' }) longitude: number;
  @Field(() => Float) @Column({ type: 'double precision' }) latitude: number;

  @Field(() => ID) @Column({ type: 'uuid' }) waterBodyId: string;

  @ManyToOne(() => WaterBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'water_body_id' })
  waterBody?: WaterBody;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  functionZoneId: string | null;

  @ManyToOne(() => FunctionZone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'function_zone_id' })
  functionZone?: FunctionZone;

  @ApiProperty({ description: 'The function zone was derived from the location (not chosen)' })
  @Field()
  @Column({ type: 'boolean', default: false })
  functionZoneDerived: boolean;

  @ApiProperty({ description: 'Township / sub-district (jurisdiction)' })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  divisionId: string;

  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'division_id' })
  division?: Division;

  @ApiPropertyOptional({ description: 'Expected discharge, m³/d' })
  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  expectedFlowM3d: number | null;

  @ApiProperty({ type: [String], description: 'Main pollutants (indicator names or codes)' })
  @Field(() => [String])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  pollutants: string[];

  @ApiProperty({
    enum: WaterImpact,
    isArray: true,
    description: 'Possible effects flagged (防洪、供水、堤防、河势)',
  })
  @Field(() => [WaterImpact])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  waterImpacts: WaterImpact[];

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => [SetupDocument])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  documents: SetupDocument[];

  @ApiPropertyOptional()
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  // ---- consultation of the water administration (水行政主管部门意见) ----
  @ApiPropertyOptional({ description: 'YYYY-MM-DD' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  consultedOn: string | null;

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  consultationAuthority: string | null;

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  consultationDocumentNumber: string | null;

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  consultationOpinion: string | null;

  // ---- decision (审批) or filing (备案) ----
  @ApiPropertyOptional({ enum: SetupDecision })
  @Field(() => SetupDecision, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: SetupDecision | null;

  @ApiPropertyOptional({ description: 'Conditions of an approval' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  conditions: string | null;

  @ApiPropertyOptional({ description: 'Reasons of a refusal' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  refusalReasons: string | null;

  @ApiPropertyOptional({ description: 'The reviewer’s note on a rule that needed review' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @ApiPropertyOptional({ description: '文号 of the decision or filing' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber: string | null;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Beijing day) of the decision or filing' })
  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ApiProperty({ description: 'Marked for publication (approved and filed results)' })
  @Field()
  @Column({ type: 'boolean', default: false })
  published: boolean;

  @ApiPropertyOptional()
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Field() @Column({ type: 'boolean', default: false }) demo: boolean;

  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Field(() => GraphQLISODateTime) @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Field(() => Int) @VersionColumn() version: number;
}

/** The eco branch notified that an industrial/mining enterprise keeps two or more outfalls outside a park (三(二)2). */
@ObjectType('SetupNotification')
@Entity('setup_notification')
@Index('setup_notification_entity_idx', ['entityId'])
export class SetupNotification {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id: string;

  @Field(() => ID) @Column({ type: 'uuid' }) entityId: string;

  @ManyToOne(() => ResponsibleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ResponsibleEntity;

  @ApiProperty({ description: 'YYYY-MM-DD' }) @Field() @Column({ type: 'date' }) notifiedOn: string;

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber: string | null;

  @ApiProperty({ description: 'Outfalls the notification covers (ids), as of the notification' })
  @Field(() => [ID])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  outfallIds: string[];

  @ApiPropertyOptional()
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Field() @Column({ type: 'boolean', default: false }) demo: boolean;

  @Field(() => GraphQLISODateTime) @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
