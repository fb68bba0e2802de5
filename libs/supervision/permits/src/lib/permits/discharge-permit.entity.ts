import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Outfall, ResponsibleEntity } from '@outfall/directory';
import { MonitoringFrequency, PermitExpiry } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(MonitoringFrequency, { name: 'MonitoringFrequency' });
registerEnumType(PermitExpiry, { name: 'PermitExpiry' });

/** 排污许可证: a responsible entity's discharge permit, its validity and its outlets. */
@ObjectType('DischargePermit')
@Entity('discharge_permit')
@Index('discharge_permit_number_uq', ['permitNumber'], { unique: true })
@Index('discharge_permit_entity_idx', ['entityId'])
@Index('discharge_permit_valid_to_idx', ['validTo'])
export class DischargePermit {
  @ApiProperty({ type: String })
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({
    type: String,
    description: '排污许可证编号: credit code (18) + 3-digit sequence + a capital letter',
  })
  @Field({ description: '排污许可证编号: credit code (18) + 3-digit sequence + a capital letter' })
  @Column({ type: 'varchar', length: 22 })
  permitNumber: string;

  @ApiProperty({ type: String })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  entityId: string;

  @ApiPropertyOptional({ type: Object, nullable: true })
  @Field(() => ResponsibleEntity, { nullable: true })
  @ManyToOne(() => ResponsibleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entity_id' })
  entity?: ResponsibleEntity;

  @ApiProperty({ type: String, description: '发证机关' })
  @Field({ description: '发证机关' })
  @Column({ type: 'varchar', length: 100 })
  issuingAuthority: string;

  @ApiProperty({ type: String, description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' })
  @Column({ type: 'date' })
  validFrom: string;

  @ApiProperty({ type: String, description: 'YYYY-MM-DD, Asia/Shanghai (last valid day)' })
  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai (last valid day)' })
  @Column({ type: 'date' })
  validTo: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @ApiProperty({ type: Boolean })
  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  /** Computed on read (not a column): where the validity stands today (Beijing day). */
  @ApiPropertyOptional({
    enum: PermitExpiry,
    description: 'Computed: expiring within PERMIT_EXPIRING_DAYS, expired…',
  })
  @Field(() => PermitExpiry, { nullable: true })
  expiry?: PermitExpiry;

  /** Computed on read: days from today to the last valid day (negative once expired). */
  @ApiPropertyOptional({ type: Number })
  @Field(() => Int, { nullable: true })
  daysLeft?: number;

  @ApiPropertyOptional({ type: () => [PermitOutlet], nullable: true })
  @Field(() => [PermitOutlet])
  @OneToMany(() => PermitOutlet, (outlet) => outlet.permit)
  outlets?: PermitOutlet[];

  @ApiProperty({ type: String, format: 'date-time' })
  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ApiProperty({ type: Number })
  @Field()
  @VersionColumn()
  version: number;
}

/** A permitted outlet (HJ 608 `DW001`), linked to the directory's outfall it discharges through. */
@ObjectType('PermitOutlet')
@Entity('permit_outlet')
@Index('permit_outlet_code_uq', ['permitId', 'code'], { unique: true })
@Index('permit_outlet_outfall_idx', ['outfallId'])
export class PermitOutlet {
  @ApiProperty({ type: String })
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  permitId: string;

  @ManyToOne(() => DischargePermit, (permit) => permit.outlets, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'permit_id' })
  permit?: DischargePermit;

  @ApiProperty({ type: String, description: 'HJ 608 outlet code, DW + 3 digits' })
  @Field({ description: 'HJ 608 outlet code, DW + 3 digits' })
  @Column({ type: 'varchar', length: 5 })
  code: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @ApiProperty({ type: String })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ApiPropertyOptional({ type: Object, nullable: true })
  @Field(() => Outfall, { nullable: true })
  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @ApiPropertyOptional({ type: () => [PermitDuty], nullable: true })
  @Field(() => [PermitDuty])
  @OneToMany(() => PermitDuty, (duty) => duty.outlet)
  duties?: PermitDuty[];
}

/** The self-monitoring duty (自行监测要求): one indicator at one frequency at one outlet. */
@ObjectType('PermitDuty')
@Entity('permit_duty')
@Index('permit_duty_uq', ['outletId', 'indicatorCode'], { unique: true })
export class PermitDuty {
  @ApiProperty({ type: String })
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  outletId: string;

  @ManyToOne(() => PermitOutlet, (outlet) => outlet.duties, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outlet_id' })
  outlet?: PermitOutlet;

  @ApiProperty({ type: String, description: 'An indicator code of the monitoring catalogue (cod, nh3n …)' })
  @Field({ description: 'An indicator code of the monitoring catalogue (cod, nh3n …)' })
  @Column({ type: 'varchar', length: 32 })
  indicatorCode: string;

  @ApiProperty({ enum: MonitoringFrequency })
  @Field(() => MonitoringFrequency)
  @Column({ type: 'varchar', length: 16 })
  frequency: MonitoringFrequency;
}
