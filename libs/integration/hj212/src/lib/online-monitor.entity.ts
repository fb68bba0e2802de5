import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, ApiHideProperty } from '@nestjs/swagger';
import { GraphQLJSON } from '@outfall/common';
import { Outfall } from '@outfall/directory';
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

/**
 * An online monitoring station (在线监测设备) at an outfall, known by its HJ 212 device code (MN). Its
 * access password (PW) is stored as an scrypt hash, never in clear.
 */
@ObjectType('OnlineMonitor')
@Entity('online_monitor')
@Index('online_monitor_mn_uq', ['mn'], { unique: true })
@Index('online_monitor_outfall_idx', ['outfallId'])
export class OnlineMonitor {
  @ApiProperty()
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ description: 'HJ 212 device code (MN), 1–24 letters and digits' })
  @Field({ description: 'HJ 212 device code (MN)' })
  @Column({ type: 'varchar', length: 24 })
  mn: string;

  @ApiProperty()
  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @ApiProperty({ description: 'Name of the station, e.g. the vendor and model' })
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  // stripped before an answer is sent: the contract does not name it either
  @ApiHideProperty()
  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @ApiProperty({ description: 'Packets of an inactive monitor are refused' })
  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'When the last accepted packet arrived' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastPacketAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

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

/**
 * One accepted HJ 212 packet (MN + QN + CN is the key: a packet sent again is stored once), with every
 * reading as sent, its data flag included; only readings flagged N became sample values.
 */
@ObjectType('Hj212Packet')
@Entity('hj212_packet')
@Index('hj212_packet_key_uq', ['mn', 'qn', 'cn'], { unique: true })
@Index('hj212_packet_monitor_idx', ['monitorId', 'receivedAt'])
export class Hj212PacketRecord {
  @ApiProperty()
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty()
  @Field(() => ID)
  @Column({ type: 'uuid' })
  monitorId: string;

  @ManyToOne(() => OnlineMonitor, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'monitor_id' })
  monitor?: OnlineMonitor;

  @ApiProperty() @Field() @Column({ type: 'varchar', length: 24 }) mn: string;
  @ApiProperty() @Field() @Column({ type: 'varchar', length: 20 }) qn: string;
  @ApiProperty() @Field() @Column({ type: 'varchar', length: 7 }) cn: string;
  @ApiProperty() @Field() @Column({ type: 'varchar', length: 5 }) st: string;

  @ApiProperty({ description: 'DataTime of the readings' })
  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz' })
  dataTime: Date;

  @ApiProperty({ description: 'Readings as sent: code, indicator (null when unmapped), value, flag' })
  @Field(() => GraphQLJSON, { description: 'Readings as sent: code, indicator, value, flag' })
  @Column({ type: 'jsonb' })
  readings: { code: string; indicator: string | null; value: number | null; flag: string }[];

  @ApiPropertyOptional({ nullable: true, description: 'The sample the valid readings went to' })
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  sampleId: string | null;

  @ApiProperty()
  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
