import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ListQueryDto, queryBool } from '@outfall/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { Hj212PacketRecord, OnlineMonitor } from '../online-monitor.entity';

export const MN_PATTERN = /^[A-Za-z0-9]{1,24}$/;
const MN_MESSAGE = 'mn must be 1–24 letters and digits (the station’s HJ 212 device code)';
/** HJ 212 PW: up to 9 characters in the standard; vendors use 6 digits. */
export const PW_PATTERN = /^[A-Za-z0-9]{6,9}$/;
const PW_MESSAGE = 'password must be 6–9 letters and digits (the station’s HJ 212 PW)';

@InputType('OnlineMonitorInput')
export class CreateOnlineMonitorDto {
  @ApiProperty({ description: 'HJ 212 device code (MN)', example: '010000A8900016F000169DC0' })
  @Field()
  @Matches(MN_PATTERN, { message: MN_MESSAGE })
  mn: string;

  @ApiProperty()
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;

  @ApiProperty({ description: 'Name of the station, e.g. vendor and model' })
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: 'The PW the station sends (stored hashed)', example: '123456' })
  @Field()
  @Matches(PW_PATTERN, { message: PW_MESSAGE })
  password: string;

  @ApiPropertyOptional({ default: true })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

@InputType('OnlineMonitorUpdate')
export class UpdateOnlineMonitorDto {
  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'A new PW (stored hashed)' })
  @Field({ nullable: true })
  @IsOptional()
  @Matches(PW_PATTERN, { message: PW_MESSAGE })
  password?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version: number;
}

@InputType('OnlineMonitorFilter')
export class OnlineMonitorFilterDto {
  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'Text in the MN, the name or the outfall code' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OnlineMonitorQueryDto extends IntersectionType(ListQueryDto, OnlineMonitorFilterDto) {}

/** A monitor with the outfall it stands at. */
@ObjectType('OnlineMonitorView')
export class OnlineMonitorViewDto extends OnlineMonitor {
  @ApiProperty() @Field() outfallCode: string;
  @ApiProperty() @Field() outfallName: string;
}

export class OnlineMonitorPageDto {
  @ApiProperty({ type: [OnlineMonitorViewDto] }) items: OnlineMonitorViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class Hj212PacketPageDto {
  @ApiProperty({ type: [Hj212PacketRecord] }) items: Hj212PacketRecord[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

/** What the listener counted since this process started. */
@ObjectType('Hj212Stats')
export class Hj212StatsDto {
  @ApiProperty({ description: 'The listener runs in this process' }) @Field() listening: boolean;
  @ApiPropertyOptional({ nullable: true }) @Field(() => Int, { nullable: true }) port: number | null;
  @ApiProperty() @Field(() => Int) connections: number;
  @ApiProperty({ description: 'Packets stored (readings went to samples)' })
  @Field(() => Int)
  accepted: number;
  @ApiProperty({ description: 'Packets sent again (same MN, QN, CN): answered, not stored twice' })
  @Field(() => Int)
  duplicates: number;
  @ApiProperty({ description: 'Wrong password, unknown or inactive MN, bad content' })
  @Field(() => Int)
  refused: number;
  @ApiProperty({ description: 'Bad CRC' }) @Field(() => Int) crcErrors: number;
  @ApiProperty({ description: 'Bad length field, oversize, missing CR LF, bytes outside packets' })
  @Field(() => Int)
  framingErrors: number;
  @ApiProperty({ description: 'Connections closed for a limit (buffer, errors, connections, idle)' })
  @Field(() => Int)
  dropped: number;
}
