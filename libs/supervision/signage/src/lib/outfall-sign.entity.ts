import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
 * 树标立牌: the content of an outfall's sign (one per outfall), as a snapshot of what is printed on it, and
 * whether it is installed. The printable sheet is built by the public portal from this content.
 */
@ObjectType('OutfallSign')
@Entity('outfall_sign')
@Index('outfall_sign_outfall_uq', ['outfallId'], { unique: true })
export class OutfallSign {
  @ApiProperty()
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty()
  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @ApiProperty({ description: '排污口名称' })
  @Field({ description: '排污口名称' })
  @Column({ type: 'varchar', length: 100 })
  outfallName: string;

  @ApiProperty({ description: '排污口编码: the national code, else the local code' })
  @Field({ description: '排污口编码: the national code, else the local code' })
  @Column({ type: 'varchar', length: 64 })
  outfallCode: string;

  @ApiProperty({ description: '责任主体' })
  @Field({ description: '责任主体' })
  @Column({ type: 'varchar', length: 100 })
  entityName: string;

  @ApiProperty({ description: '受纳水体' })
  @Field({ description: '受纳水体' })
  @Column({ type: 'varchar', length: 100 })
  receivingWater: string;

  @ApiProperty({ description: '监管部门' })
  @Field({ description: '监管部门' })
  @Column({ type: 'varchar', length: 100 })
  supervisingDepartment: string;

  @ApiProperty({ description: '监督电话: mobile 1[3-9]xxxxxxxxx or landline with area code' })
  @Field({ description: '监督电话: mobile 1[3-9]xxxxxxxxx or landline with area code' })
  @Column({ type: 'varchar', length: 20 })
  supervisingPhone: string;

  @ApiProperty({ description: 'QR code payload: the public page, PUBLIC_BASE_URL/o/<code>' })
  @Field({ description: 'QR code payload: the public page, PUBLIC_BASE_URL/o/<code>' })
  @Column({ type: 'varchar', length: 300 })
  qrPayload: string;

  @ApiProperty({ description: '是否已树标' })
  @Field({ description: '是否已树标' })
  @Column({ type: 'boolean', default: false })
  installed: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Installation day (YYYY-MM-DD, Beijing)' })
  @Field(() => String, { nullable: true, description: 'Installation day (YYYY-MM-DD, Beijing)' })
  @Column({ type: 'date', nullable: true })
  installedOn: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A photo of the sign: an attachment of the outfall' })
  @Field(() => ID, { nullable: true, description: 'A photo of the sign: an attachment of the outfall' })
  @Column({ type: 'uuid', nullable: true })
  photoAttachmentId: string | null;

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
