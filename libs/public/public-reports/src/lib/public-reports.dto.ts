import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, Instant, ListQueryDto, enumMessage, queryBool } from '@outfall/common';
import { ViolationKind } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PublicReportOutcome, PublicReportStatus } from './public-report.types';

/* ---------- public intake and tracking ---------- */

/** The multipart fields of a report (the photos come as `photos`, up to 3). */
export class CreatePublicReportDto {
  @ApiProperty({ description: 'WGS84 longitude, inside the city' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number' })
  longitude: number;

  @ApiProperty({ description: 'WGS84 latitude, inside the city' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number' })
  latitude: number;

  @ApiProperty({ description: 'What was seen (5–2000 characters)' })
  @IsString()
  @Length(5, 2000, { message: 'description must be 5–2000 characters' })
  description: string;

  @ApiPropertyOptional({ description: 'Phone or e-mail; ignored when anonymous' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contact?: string;

  @ApiPropertyOptional({ description: 'Report anonymously (no contact is kept)' })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @ApiProperty({ description: 'The challenge from GET /public/reports/challenge' })
  @IsString()
  @MaxLength(200)
  challenge: string;

  @ApiProperty({
    description: 'A nonce such that sha256(challenge + nonce) has the required leading zero bits',
  })
  @IsString()
  @Length(1, 64)
  nonce: string;
}

export class ChallengeResponse {
  challenge: string;
  @ApiProperty({ description: 'Leading zero bits required of sha256(challenge + nonce)' }) bits: number;
  expiresAt: Date;
  @ApiProperty({
    type: [Number],
    description: 'The city extent reports must lie in: [minLon, minLat, maxLon, maxLat]',
  })
  bbox: number[];
}

export class CreatedPublicReportResponse {
  @ApiProperty({ description: '举报编号' }) trackingNo: string;
  @ApiProperty({ description: 'Shown once: with the number it opens the tracking page' }) secret: string;
  receivedOn: string;
  photos: number;
}

export class TrackQueryDto {
  @ApiProperty({ description: '举报编号' })
  @IsString()
  @MaxLength(32)
  number: string;

  @ApiProperty({ description: 'The secret given on submission' })
  @IsString()
  @MaxLength(64)
  secret: string;
}

export class PublicTimelineStep {
  action: string;
  @ApiProperty({ description: 'Beijing day' }) on: string;
  @ApiPropertyOptional({ nullable: true }) text: string | null;
}

export class TrackResponse {
  trackingNo: string;
  status: PublicReportStatus;
  receivedOn: string;
  @ApiPropertyOptional({ enum: PublicReportOutcome, nullable: true }) outcome: PublicReportOutcome | null;
  @ApiPropertyOptional({ nullable: true, description: 'The public reply' }) reply: string | null;
  @ApiPropertyOptional({ nullable: true }) closedOn: string | null;
  timeline: PublicTimelineStep[];
}

/* ---------- triage ---------- */

@InputType('PublicReportFilter')
export class PublicReportFilterDto {
  @Field(() => PublicReportStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PublicReportStatus, { message: enumMessage('status', PublicReportStatus) })
  status?: PublicReportStatus;

  @Field(() => PublicReportOutcome, { nullable: true })
  @IsOptional()
  @IsEnum(PublicReportOutcome, { message: enumMessage('outcome', PublicReportOutcome) })
  outcome?: PublicReportOutcome;

  @ApiPropertyOptional({ description: 'Past the response deadline and not closed (or not)' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Assigned unit' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Township (and below) holding the location' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @ApiPropertyOptional({ description: 'Received on or after (Beijing day)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Received on or before (Beijing day)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  to?: string;

  @ApiPropertyOptional({ description: 'Tracking number or description contains' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'The instant "overdue" is judged at (default now)' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @Instant()
  asOf?: Date;
}

export class PublicReportQueryDto extends IntersectionType(ListQueryDto, PublicReportFilterDto) {}

@InputType('AssignPublicReportInput')
export class AssignPublicReportDto {
  @ApiProperty({ description: 'The township or department that handles the report' })
  @Field(() => ID)
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId: string;

  @ApiPropertyOptional({
    description: 'Response deadline (Beijing day); default today + PUBLIC_REPORT_DUE_DAYS',
  })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  dueOn?: string;

  @ApiPropertyOptional({ description: 'Internal note' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('PublicReportCaseInput')
export class OutcomeCaseDto {
  @Field(() => ViolationKind)
  @IsEnum(ViolationKind, { message: enumMessage('kind', ViolationKind) })
  kind: ViolationKind;

  @ApiPropertyOptional({ description: 'Default: the report’s description' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  description?: string;
}

@InputType('PublicReportOutcomeInput')
export class OutcomeDto {
  @Field(() => PublicReportOutcome)
  @IsEnum(PublicReportOutcome, { message: enumMessage('outcome', PublicReportOutcome) })
  outcome: PublicReportOutcome;

  @ApiProperty({ description: 'The reply the reporter sees (5–2000 characters)' })
  @Field()
  @IsString()
  @Length(5, 2000, { message: 'publicReply must be 5–2000 characters' })
  publicReply: string;

  @ApiPropertyOptional({ description: 'Internal note (never shown to the reporter)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'The outfall the report is about' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({ description: 'The remediation plan that handles it' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'remediationPlanId must be a UUID' })
  remediationPlanId?: string;

  @ApiPropertyOptional({ description: 'duplicate: the earlier report' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'duplicateOfId must be a UUID' })
  duplicateOfId?: string;

  @ApiPropertyOptional({ description: 'An existing enforcement case' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'enforcementCaseId must be a UUID' })
  enforcementCaseId?: string;

  @ApiPropertyOptional({
    type: OutcomeCaseDto,
    description: 'valid: open an enforcement case on the outfall',
  })
  @Field(() => OutcomeCaseDto, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutcomeCaseDto)
  openCase?: OutcomeCaseDto;

  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('PublicReportReplyInput')
export class ReplyDto {
  @ApiProperty({ description: 'A progress reply the reporter sees' })
  @Field()
  @IsString()
  @Length(5, 2000, { message: 'publicReply must be 5–2000 characters' })
  publicReply: string;

  @ApiProperty({ description: 'The version you read' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

/* ---------- responses ---------- */

@ObjectType('PublicReportView')
export class PublicReportResponse {
  @Field(() => ID) id: string;
  @Field() trackingNo: string;
  @Field(() => Float) longitude: number;
  @Field(() => Float) latitude: number;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) divisionId: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) divisionName:
    string | null;
  @Field() description: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) contact: string | null;
  @Field(() => PublicReportStatus) status: PublicReportStatus;
  @Field() receivedOn: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) assignedUnitId: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  assignedUnitName: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) assignedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) dueOn: string | null;
  @ApiProperty({ description: 'Past the response deadline and not closed' }) @Field() overdue: boolean;
  @ApiPropertyOptional({ enum: PublicReportOutcome, nullable: true })
  @Field(() => PublicReportOutcome, { nullable: true })
  outcome: PublicReportOutcome | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) outcomeNote:
    string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) publicReply:
    string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) closedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) outfallId: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => ID, { nullable: true })
  remediationPlanId: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) duplicateOfId: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => ID, { nullable: true })
  enforcementCaseId: string | null;
  @Field() demo: boolean;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('PublicReportCandidate')
export class CandidateResponse {
  @ApiProperty({ enum: ['outfall', 'report'], enumName: 'CandidateKind' }) @Field() kind:
    'outfall' | 'report';
  @Field(() => ID) id: string;
  @ApiProperty({ description: 'Outfall code or tracking number' }) @Field() code: string;
  @Field() name: string;
  @ApiProperty({ description: 'Metres from the report' }) @Field(() => Float) distance: number;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) status: string | null;
}

export class PublicReportEventResponse {
  id: string;
  action: string;
  on: string;
  @ApiPropertyOptional({ nullable: true }) publicText: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  actorName: string;
  at: Date;
}

export class PublicReportPhotoResponse {
  id: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

export class PublicReportDetailResponse extends PublicReportResponse {
  events: PublicReportEventResponse[];
  photos: PublicReportPhotoResponse[];
  candidates: CandidateResponse[];
  @ApiProperty({ description: 'Candidate radius (metres)' }) candidateMeters: number;
}

export class PublicReportPageResponse {
  items: PublicReportResponse[];
  total: number;
  limit: number;
  offset: number;
}

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
