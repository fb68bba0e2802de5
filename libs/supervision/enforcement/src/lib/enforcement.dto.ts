import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, GraphQLJSON, Instant, ListQueryDto, enumMessage, queryBool } from '@outfall/common';
import { CaseAction, CaseOrigin, CaseSource, CaseStatus, ViolationKind } from '@outfall/shared-types';
import { Transform } from 'class-transformer';
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
  Min,
} from 'class-validator';

/** The editable description of a case (open and edit). */
@InputType('EnforcementCaseFieldsInput')
export class CaseFieldsDto {
  @ApiPropertyOptional({ description: 'The responsible entity; default: the outfall’s main entity' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @Field(() => ViolationKind)
  @IsEnum(ViolationKind, { message: enumMessage('kind', ViolationKind) })
  kind: ViolationKind;

  @ApiPropertyOptional({ description: 'Required with kind other: what the violation is' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  kindOther?: string;

  @ApiProperty({ description: 'What was found' })
  @Field()
  @IsString()
  @Length(1, 4000)
  description: string;

  @ApiPropertyOptional({ description: '法律依据' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;
}

@InputType('OpenEnforcementCaseInput')
export class OpenCaseDto extends CaseFieldsDto {
  @ApiPropertyOptional({ description: 'Required unless the case is opened from an exceedance (its outfall)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({
    enum: CaseSource,
    description: 'Default: monitoring_alert from monitoring, else required',
  })
  @Field(() => CaseSource, { nullable: true })
  @IsOptional()
  @IsEnum(CaseSource, { message: enumMessage('source', CaseSource) })
  source?: CaseSource;

  @ApiPropertyOptional({ enum: CaseOrigin, default: CaseOrigin.Manual })
  @Field(() => CaseOrigin, { nullable: true })
  @IsOptional()
  @IsEnum(CaseOrigin, { message: enumMessage('origin', CaseOrigin) })
  origin?: CaseOrigin;

  @ApiPropertyOptional({ description: 'origin exceedance: the sample' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'sampleId must be a UUID' })
  sampleId?: string;

  @ApiPropertyOptional({ description: 'origin exceedance: the exceeding indicator (e.g. COD)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  indicatorCode?: string;

  @ApiPropertyOptional({ description: 'origin patrol: the patrol record' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'patrolRecordId must be a UUID' })
  patrolRecordId?: string;

  @ApiPropertyOptional({ description: 'origin public_report: the public report' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'publicReportId must be a UUID' })
  publicReportId?: string;

  @ApiPropertyOptional({ description: '立案日期 (Beijing day; default today)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  registeredOn?: string;
}

@InputType('UpdateEnforcementCaseInput')
export class UpdateCaseDto extends CaseFieldsDto {
  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

@InputType('EnforcementTransitionInput')
export class CaseTransitionDto {
  @Field(() => String)
  @IsEnum(CaseAction, { message: enumMessage('action', CaseAction) })
  action: CaseAction;

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt({ message: 'version must be an integer' })
  version: number;

  @ApiPropertyOptional({ description: 'The Beijing day of the step (default today)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  on?: string;

  @ApiPropertyOptional({ description: 'Note; for dismiss the reason (required), for close the closing note' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'decide_penalty: 法律依据 (required unless already on the case)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;

  @ApiPropertyOptional({ description: 'decide_penalty: amount in yuan, ≥ 0, at most 2 decimals' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber(
    { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false },
    { message: 'penaltyAmount must be an amount in yuan with at most 2 decimals' },
  )
  @Min(0, { message: 'penaltyAmount must not be negative' })
  penaltyAmount?: number;

  @ApiPropertyOptional({ description: 'decide_penalty: 处罚决定书文号, e.g. 昌环罚〔2024〕12号' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  penaltyDocumentNo?: string;

  @ApiPropertyOptional({ description: 'decide_penalty: the decision’s date (Beijing day; default `on`)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  penaltyDecidedOn?: string;

  @ApiPropertyOptional({ description: 'order_rectification: 责令改正内容' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  rectificationOrder?: string;

  @ApiPropertyOptional({ description: 'order_rectification: the deadline (Beijing day)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  rectificationDeadline?: string;
}

@InputType('EnforcementCaseFilter')
export class CaseFilterDto {
  @Field(() => ViolationKind, { nullable: true })
  @IsOptional()
  @IsEnum(ViolationKind, { message: enumMessage('kind', ViolationKind) })
  kind?: ViolationKind;

  @Field(() => CaseStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStatus, { message: enumMessage('status', CaseStatus) })
  status?: CaseStatus;

  @Field(() => CaseSource, { nullable: true })
  @IsOptional()
  @IsEnum(CaseSource, { message: enumMessage('source', CaseSource) })
  source?: CaseSource;

  @Field(() => CaseOrigin, { nullable: true })
  @IsOptional()
  @IsEnum(CaseOrigin, { message: enumMessage('origin', CaseOrigin) })
  origin?: CaseOrigin;

  @ApiPropertyOptional({ description: 'Township / sub-district (and below)' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'divisionId must be a UUID' })
  divisionId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'outfallId must be a UUID' })
  outfallId?: string;

  @ApiPropertyOptional({
    description: 'Only cases past their rectification deadline and not closed (or not)',
  })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Registered on or after (Beijing day)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Registered on or before (Beijing day)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  to?: string;

  @ApiPropertyOptional({ description: 'Case number or description contains' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    description: 'The instant "overdue" is judged at (default now); its Beijing day is "today"',
  })
  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @Instant()
  asOf?: Date;
}

export class CaseQueryDto extends IntersectionType(ListQueryDto, CaseFilterDto) {}

export class CaseLedgerDto extends CaseFilterDto {}

export class EvidenceUploadDto {
  @ApiPropertyOptional({ description: 'What the file shows' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/* ---------- response shapes (OpenAPI) ---------- */

export class CaseEventResponse {
  id: string;
  action: string;
  @ApiPropertyOptional({ enum: CaseStatus, enumName: 'CaseStatus', nullable: true })
  fromStatus: CaseStatus | null;
  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' }) toStatus: CaseStatus;
  @ApiProperty({ description: 'Beijing day' }) on: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  actorName: string;
  at: Date;
}

export class EvidenceResponse {
  id: string;
  caseId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the bytes, computed on upload' }) sha256: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiPropertyOptional({ nullable: true }) uploadedBy: string | null;
  createdAt: Date;
}

@ObjectType('EvidenceCheck')
export class EvidenceCheckResponse {
  @Field(() => ID) id: string;
  @ApiProperty({ description: 'The hash stored on upload' })
  @Field({ description: 'The hash stored on upload' })
  stored: string;
  @ApiProperty({ description: 'The hash of the bytes now in storage' })
  @Field({ description: 'The hash of the bytes now in storage' })
  actual: string;
  @Field() intact: boolean;
}

/** The figures kept when a case is opened from an exceedance (sample) or a chronic exceeder (recent samples). */
export class CaseOriginDetailResponse {
  @ApiPropertyOptional({ format: 'date-time', description: 'exceedance: when the sample was taken' })
  sampledAt?: string;
  @ApiPropertyOptional({ description: 'exceedance: the exceeding value' }) value?: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'exceedance: the limit applied' })
  limitText?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) exceedanceMultiple?: number | null;
  @ApiPropertyOptional({ description: 'chronic: samples looked at' }) recentSamples?: number;
  @ApiPropertyOptional({ description: 'chronic: of them exceeding' }) recentExceeding?: number;
}

@ObjectType('EnforcementCaseView')
export class CaseResponse {
  @Field(() => ID) id: string;
  @Field() caseNo: string;
  @Field(() => ID) outfallId: string;
  @Field() outfallCode: string;
  @Field() outfallName: string;
  @Field(() => ID) divisionId: string;
  @Field() divisionName: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) entityId: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) entityName: string | null;
  @Field(() => ViolationKind) kind: ViolationKind;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) kindOther: string | null;
  @Field(() => CaseSource) source: CaseSource;
  @Field(() => CaseStatus) status: CaseStatus;
  @Field() description: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) legalBasis: string | null;
  @Field(() => CaseOrigin) origin: CaseOrigin;
  @ApiPropertyOptional({ nullable: true }) @Field(() => ID, { nullable: true }) sampleId: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  indicatorCode: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => ID, { nullable: true })
  patrolRecordId: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => ID, { nullable: true })
  publicReportId: string | null;
  @ApiPropertyOptional({
    type: () => CaseOriginDetailResponse,
    nullable: true,
    description: 'The exceedance / chronic figures when opened',
  })
  @Field(() => GraphQLJSON, { nullable: true })
  originDetail: CaseOriginDetailResponse | null;
  @Field() registeredOn: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => Float, { nullable: true }) penaltyAmount:
    number | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  penaltyDocumentNo: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  penaltyDecidedOn: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  rectificationOrder: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  rectificationOrderedOn: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  rectificationDeadline: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) closedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) closingNote:
    string | null;
  @ApiProperty({ description: 'Rectification deadline before today’s Beijing day and not closed' })
  @Field()
  overdue: boolean;
  @Field(() => [String]) nextActions: CaseAction[];
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => Int) version: number;
}

export class CaseDetailResponse extends CaseResponse {
  events: CaseEventResponse[];
  evidence: EvidenceResponse[];
}

export class CasePageResponse {
  items: CaseResponse[];
  total: number;
  limit: number;
  offset: number;
}
