import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Outfall } from '@outfall/directory';
import { Unit } from '@outfall/org';
import { MonitoringFrequency } from '@outfall/shared-types';
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

/** A recurring monitoring schedule (监测计划) of an outfall: who samples, how often, from when. */
@ObjectType('MonitoringSchedule')
@Entity('monitoring_schedule')
@Index('monitoring_schedule_outfall_idx', ['outfallId'])
export class MonitoringSchedule {
  @ApiProperty({ type: String })
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ApiPropertyOptional({ type: Object, nullable: true })
  @Field(() => Outfall, { nullable: true })
  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @ApiProperty({ type: String, description: 'The sampling unit' })
  @Field(() => ID, { description: 'The sampling unit' })
  @Column({ type: 'uuid' })
  unitId: string;

  @ApiPropertyOptional({ type: Object, nullable: true })
  @Field(() => Unit, { nullable: true })
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @ApiProperty({ enum: MonitoringFrequency })
  @Field(() => MonitoringFrequency)
  @Column({ type: 'varchar', length: 16 })
  frequency: MonitoringFrequency;

  @ApiProperty({ type: String, description: 'YYYY-MM-DD: the first day of the schedule' })
  @Field({ description: 'YYYY-MM-DD: the first day of the schedule' })
  @Column({ type: 'date' })
  startOn: string;

  @ApiPropertyOptional({
    type: String,
    description: 'YYYY-MM-DD: the last day (open-ended when null)',
    nullable: true,
  })
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day (open-ended when null)' })
  @Column({ type: 'date', nullable: true })
  endOn: string | null;

  @ApiProperty({ type: [String], description: 'Indicators each sample must carry; empty: any sample counts' })
  @Field(() => [String], { description: 'Indicators each sample must carry; empty: any sample counts' })
  @Column({ type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  indicatorCodes: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @ApiProperty({ type: Boolean })
  @Field()
  @Column({ type: 'boolean', default: false })
  demo: boolean;

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
