import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, enumMessage, ListQueryDto, NormalizeCode } from '@outfall/common';
import {
  FindingKind,
  FindingStatus,
  MonitoringFrequency,
  PERMIT_NUMBER,
  PERMIT_OUTLET_CODE,
  PermitExpiry,
} from '@outfall/shared-types';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const PERMIT_NUMBER_MESSAGE =
  'permitNumber 格式不正确：应为18位统一社会信用代码＋3位流水号＋1位大写字母（如 91652301MA77XXXXXX001P） / permitNumber must be the 18-character credit code, a 3-digit sequence and a capital letter';
const OUTLET_CODE_MESSAGE =
  '排放口编码应为 DW＋3位数字（HJ 608，如 DW001） / the outlet code must be DW and 3 digits (HJ 608, e.g. DW001)';

@InputType('PermitDutyInput')
export class PermitDutyDto {
  @ApiProperty({ description: 'An indicator code of the monitoring catalogue (cod, nh3n …)' })
  @Field()
  @IsString()
  @Length(1, 32)
  indicatorCode: string;

  @Field(() => MonitoringFrequency)
  @IsEnum(MonitoringFrequency, { message: enumMessage('frequency', MonitoringFrequency) })
  frequency: MonitoringFrequency;
}

@InputType('PermitOutletInput')
export class PermitOutletDto {
  @ApiProperty({ example: 'DW001', description: 'HJ 608 outlet code: DW + 3 digits' })
  @Field()
  @NormalizeCode()
  @IsString()
  @Matches(PERMIT_OUTLET_CODE, { message: OUTLET_CODE_MESSAGE })
  code: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ description: 'The directory outfall the outlet discharges through' })
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;

  @ApiProperty({ type: [PermitDutyDto], description: 'The self-monitoring duty: indicators × frequency' })
  @Field(() => [PermitDutyDto])
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => PermitDutyDto)
  duties: PermitDutyDto[];
}

@InputType('PermitInput')
export class PermitDto {
  @ApiProperty({ example: '91652301MA77XXXXXX001P', description: '排污许可证编号' })
  @Field()
  @NormalizeCode()
  @IsString()
  @Matches(PERMIT_NUMBER, { message: PERMIT_NUMBER_MESSAGE })
  permitNumber: string;

  @ApiProperty({ description: 'The responsible entity holding the permit' })
  @Field(() => ID)
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId: string;

  @ApiProperty({ description: '发证机关' })
  @Field()
  @IsString()
  @Length(1, 100)
  issuingAuthority: string;

  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' })
  @Field()
  @CalendarDay()
  validFrom: string;

  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day), the last valid day' })
  @Field()
  @CalendarDay()
  validTo: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @Field(() => [PermitOutletDto])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PermitOutletDto)
  outlets: PermitOutletDto[];
}

@InputType('UpdatePermitInput')
export class UpdatePermitDto extends PermitDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('PermitFilter')
export class PermitFilterDto {
  @ApiPropertyOptional({ description: 'Permit number or holder name' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @ApiPropertyOptional({ description: 'Township of the holder (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ description: 'Permits with an outlet on this outfall' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @Field(() => PermitExpiry, { nullable: true })
  @IsOptional()
  @IsEnum(PermitExpiry, { message: enumMessage('expiry', PermitExpiry) })
  expiry?: PermitExpiry;

  @ApiPropertyOptional({ description: 'Expiring window in days (default PERMIT_EXPIRING_DAYS, 90)' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'expiringWithinDays must be a whole number' })
  @Min(1)
  @Max(3660)
  expiringWithinDays?: number;
}

export class PermitQueryDto extends IntersectionType(ListQueryDto, PermitFilterDto) {}

@InputType('MonitoringScheduleInput')
export class ScheduleDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId: string;

  @ApiProperty({ description: 'The unit that samples' })
  @Field(() => ID)
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId: string;

  @Field(() => MonitoringFrequency)
  @IsEnum(MonitoringFrequency, { message: enumMessage('frequency', MonitoringFrequency) })
  frequency: MonitoringFrequency;

  @ApiProperty({ description: 'YYYY-MM-DD: the first day' })
  @Field()
  @CalendarDay()
  startOn: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD: the last day (open-ended without)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  endOn?: string;

  @ApiPropertyOptional({ type: [String], description: 'Indicators each sample must carry' })
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  indicatorCodes?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

@InputType('UpdateMonitoringScheduleInput')
export class UpdateScheduleDto extends ScheduleDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('MonitoringScheduleFilter')
export class ScheduleFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Township of the outfall (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => MonitoringFrequency, { nullable: true })
  @IsOptional()
  @IsEnum(MonitoringFrequency, { message: enumMessage('frequency', MonitoringFrequency) })
  frequency?: MonitoringFrequency;
}

export class ScheduleQueryDto extends IntersectionType(ListQueryDto, ScheduleFilterDto) {}

@InputType('MonitoringFindingFilter')
export class FindingFilterDto {
  @Field(() => FindingKind, { nullable: true })
  @IsOptional()
  @IsEnum(FindingKind, { message: enumMessage('kind', FindingKind) })
  kind?: FindingKind;

  @Field(() => FindingStatus, { nullable: true })
  @IsOptional()
  @IsEnum(FindingStatus, { message: enumMessage('status', FindingStatus) })
  status?: FindingStatus;

  @ApiPropertyOptional({ description: 'Township of the outfall (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({ description: 'The sampling unit of a schedule' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'permitId must be a UUID' })
  permitId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  indicatorCode?: string;

  @Field(() => MonitoringFrequency, { nullable: true })
  @IsOptional()
  @IsEnum(MonitoringFrequency, { message: enumMessage('frequency', MonitoringFrequency) })
  frequency?: MonitoringFrequency;

  @ApiPropertyOptional({ description: 'Periods ending on or after this day (YYYY-MM-DD)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  periodFrom?: string;

  @ApiPropertyOptional({ description: 'Periods ending on or before this day (YYYY-MM-DD)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  periodTo?: string;
}

export class FindingQueryDto extends IntersectionType(ListQueryDto, FindingFilterDto) {}

export enum PermitsLedgerKind {
  Permits = 'permits',
  Findings = 'findings',
}

export class PermitsLedgerDto extends IntersectionType(PermitFilterDto, FindingFilterDto) {
  @ApiProperty({ enum: PermitsLedgerKind, description: 'permits: 排污许可台账; findings: 监测缺失清单' })
  @IsEnum(PermitsLedgerKind, { message: enumMessage('ledger', PermitsLedgerKind) })
  ledger: PermitsLedgerKind;
}
