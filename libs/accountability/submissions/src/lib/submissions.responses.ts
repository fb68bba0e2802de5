import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSON } from '@outfall/common';
import { JobDto } from '@outfall/queue';
import {
  ArchiveItem,
  NoticeStatus,
  SubmissionCell,
  SubmissionStatus,
  UpwardPackageStatus,
} from '@outfall/shared-types';

/** OpenAPI response schemas of the accountability routes. */
export class AccountabilityFileResponse {
  id: string;
  @ApiPropertyOptional({ nullable: true }) unitId: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export class HistoryStep {
  action: string;
  at: string;
  by: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
}

export class NoticeResponse {
  id: string;
  @ApiProperty({ example: 'DB-2026-0001' }) code: string;
  unitId: string;
  @ApiPropertyOptional({ nullable: true }) unitName: string | null;
  subject: string;
  body: string;
  @ApiPropertyOptional({ nullable: true }) outfallId: string | null;
  @ApiPropertyOptional({ nullable: true }) planId: string | null;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing)' }) dueOn: string;
  status: NoticeStatus;
  @ApiPropertyOptional({ nullable: true }) response: string | null;
  responseFileIds: string[];
  @ApiPropertyOptional({ nullable: true }) respondedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewNote: string | null;
  @ApiPropertyOptional({ nullable: true }) closedAt: string | null;
  history: HistoryStep[];
  sentBy: string;
  sentAt: string;
  version: number;
  @ApiProperty({ description: 'Awaiting the unit past the due day (Beijing)' }) overdue: boolean;
  @ApiProperty({ description: 'First response after the due day (Beijing day)' }) answeredLate: boolean;
}

export class NoticePageResponse {
  items: NoticeResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class FiguresResponse {
  investigated: number;
  traced: number;
  plansSubmitted: number;
  remediated: number;
  verified: number;
  patrols: number;
}

export class SubmissionResponse {
  id: string;
  unitId: string;
  @ApiPropertyOptional({ nullable: true }) unitName: string | null;
  @ApiProperty({ example: '2026Q3' }) quarter: string;
  status: SubmissionStatus;
  figures: FiguresResponse;
  progress: string;
  problems: string;
  nextSteps: string;
  liaisonName: string;
  liaisonPhone: string;
  fileIds: string[];
  firstSubmittedAt: string;
  submittedAt: string;
  @ApiPropertyOptional({ nullable: true }) returnReason: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewedAt: string | null;
  history: HistoryStep[];
  version: number;
  @ApiProperty({ description: 'YYYY-MM-DD: the quarter end plus the configured days' }) deadline: string;
  @ApiProperty({ description: 'First submitted after the deadline (Beijing day)' }) late: boolean;
}

export class SubmissionPageResponse {
  items: SubmissionResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class MatrixCellResponse {
  quarter: string;
  deadline: string;
  cell: SubmissionCell;
  @ApiPropertyOptional({ enum: SubmissionStatus, nullable: true }) status: SubmissionStatus | null;
  @ApiPropertyOptional({ nullable: true }) submissionId: string | null;
  @ApiPropertyOptional({ nullable: true }) firstSubmittedOn: string | null;
}

export class MatrixUnitResponse {
  unitId: string;
  unit: string;
  kind: string;
  cells: MatrixCellResponse[];
}

export class MatrixResponse {
  quarters: string[];
  asOf: string;
  units: MatrixUnitResponse[];
}

export class ScoreLineResponse {
  key: string;
  label: string;
  weight: number;
  @ApiProperty({ description: 'After redistributing the weights of inputs that do not apply' })
  effectiveWeight: number;
  applicable: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'Share 0–1 of the weight earned' }) value:
    number | null;
  points: number;
  @ApiPropertyOptional({ nullable: true, type: Object }) detail: object | null;
}

export class UnitScoreResponse {
  unitId: string;
  unit: string;
  rank: number;
  score: number;
  maximum: number;
  lines: ScoreLineResponse[];
}

export class AssessmentResponse {
  quarter: string;
  asOf: string;
  @ApiPropertyOptional({ nullable: true }) configVersion: number | null;
  units: UnitScoreResponse[];
}

export class ConfigResponse {
  @ApiPropertyOptional({ nullable: true, description: 'null: the built-in default' }) version: number | null;
  @ApiProperty({ type: Object }) config: object;
}

export class ConfigVersionResponse {
  version: number;
  @ApiProperty({ type: Object }) config: object;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  savedBy: string;
  savedAt: string;
}

registerEnumType(ArchiveItem, { name: 'ArchiveItem' });

/** One outfall's archive (一口一档): what it requires and what is missing. REST and GraphQL. */
@ObjectType('ArchiveRow')
export class ArchiveRowResponse {
  @Field(() => ID) outfallId: string;
  @Field() localCode: string;
  @Field() name: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) division: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  disposition: string | null;
  @Field(() => [ArchiveItem]) required: ArchiveItem[];
  @Field(() => [ArchiveItem]) missing: ArchiveItem[];
  @Field() complete: boolean;
}

@ObjectType('ArchiveSummary')
export class ArchiveSummaryResponse {
  @Field(() => Int) outfalls: number;
  @Field(() => Int) complete: number;
  @ApiProperty({ type: Object, description: 'item → outfalls missing it' })
  @Field(() => GraphQLJSON, { description: 'item → outfalls missing it' })
  missingByItem: Record<string, number>;
}

@ObjectType('ArchivePage')
export class ArchivePageResponse {
  @Field(() => [ArchiveRowResponse]) items: ArchiveRowResponse[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
  @Field(() => ArchiveSummaryResponse)
  summary: ArchiveSummaryResponse;
}

export class PackageFileResponse {
  @ApiProperty({ enum: ['json', 'xlsx'], enumName: 'PackageFileKind' }) kind: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

export class PackageResponse {
  id: string;
  quarter: string;
  status: UpwardPackageStatus;
  @ApiPropertyOptional({ nullable: true }) jobId: string | null;
  files: PackageFileResponse[];
  @ApiPropertyOptional({ nullable: true }) generatedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ nullable: true }) receiptNumber: string | null;
  @ApiPropertyOptional({ nullable: true }) receiptOn: string | null;
  requestedBy: string;
  @ApiPropertyOptional({ nullable: true }) receiptBy: string | null;
  createdAt: string;
  version: number;
}

/** A package just queued for generation, with the job that builds it (poll the job, then the package). */
export class QueuedPackageResponse extends PackageResponse {
  job: JobDto;
}
