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
  @ApiProperty() id: string;
  @ApiPropertyOptional({ nullable: true }) unitId: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedBy: string;
  @ApiProperty() createdAt: string;
}

export class HistoryStep {
  @ApiProperty() action: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
}

export class NoticeResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'DB-2026-0001' }) code: string;
  @ApiProperty() unitId: string;
  @ApiPropertyOptional({ nullable: true }) unitName: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ nullable: true }) outfallId: string | null;
  @ApiPropertyOptional({ nullable: true }) planId: string | null;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing)' }) dueOn: string;
  @ApiProperty({ enum: NoticeStatus }) status: NoticeStatus;
  @ApiPropertyOptional({ nullable: true }) response: string | null;
  @ApiProperty({ type: [String] }) responseFileIds: string[];
  @ApiPropertyOptional({ nullable: true }) respondedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewNote: string | null;
  @ApiPropertyOptional({ nullable: true }) closedAt: string | null;
  @ApiProperty({ type: [HistoryStep] }) history: HistoryStep[];
  @ApiProperty() sentBy: string;
  @ApiProperty() sentAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Awaiting the unit past the due day (Beijing)' }) overdue: boolean;
  @ApiProperty({ description: 'First response after the due day (Beijing day)' }) answeredLate: boolean;
}

export class NoticePageResponse {
  @ApiProperty({ type: [NoticeResponse] }) items: NoticeResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class FiguresResponse {
  @ApiProperty() investigated: number;
  @ApiProperty() traced: number;
  @ApiProperty() plansSubmitted: number;
  @ApiProperty() remediated: number;
  @ApiProperty() verified: number;
  @ApiProperty() patrols: number;
}

export class SubmissionResponse {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiPropertyOptional({ nullable: true }) unitName: string | null;
  @ApiProperty({ example: '2026Q3' }) quarter: string;
  @ApiProperty({ enum: SubmissionStatus }) status: SubmissionStatus;
  @ApiProperty({ type: FiguresResponse }) figures: FiguresResponse;
  @ApiProperty() progress: string;
  @ApiProperty() problems: string;
  @ApiProperty() nextSteps: string;
  @ApiProperty() liaisonName: string;
  @ApiProperty() liaisonPhone: string;
  @ApiProperty({ type: [String] }) fileIds: string[];
  @ApiProperty() firstSubmittedAt: string;
  @ApiProperty() submittedAt: string;
  @ApiPropertyOptional({ nullable: true }) returnReason: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewedAt: string | null;
  @ApiProperty({ type: [HistoryStep] }) history: HistoryStep[];
  @ApiProperty() version: number;
  @ApiProperty({ description: 'YYYY-MM-DD: the quarter end plus the configured days' }) deadline: string;
  @ApiProperty({ description: 'First submitted after the deadline (Beijing day)' }) late: boolean;
}

export class SubmissionPageResponse {
  @ApiProperty({ type: [SubmissionResponse] }) items: SubmissionResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class MatrixCellResponse {
  @ApiProperty() quarter: string;
  @ApiProperty() deadline: string;
  @ApiProperty({ enum: SubmissionCell }) cell: SubmissionCell;
  @ApiPropertyOptional({ enum: SubmissionStatus, nullable: true }) status: SubmissionStatus | null;
  @ApiPropertyOptional({ nullable: true }) submissionId: string | null;
  @ApiPropertyOptional({ nullable: true }) firstSubmittedOn: string | null;
}

export class MatrixUnitResponse {
  @ApiProperty() unitId: string;
  @ApiProperty() unit: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: [MatrixCellResponse] }) cells: MatrixCellResponse[];
}

export class MatrixResponse {
  @ApiProperty({ type: [String] }) quarters: string[];
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [MatrixUnitResponse] }) units: MatrixUnitResponse[];
}

export class ScoreLineResponse {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() weight: number;
  @ApiProperty({ description: 'After redistributing the weights of inputs that do not apply' })
  effectiveWeight: number;
  @ApiProperty() applicable: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'Share 0–1 of the weight earned' }) value:
    number | null;
  @ApiProperty() points: number;
  @ApiPropertyOptional({ nullable: true, type: Object }) detail: object | null;
}

export class UnitScoreResponse {
  @ApiProperty() unitId: string;
  @ApiProperty() unit: string;
  @ApiProperty() rank: number;
  @ApiProperty() score: number;
  @ApiProperty() maximum: number;
  @ApiProperty({ type: [ScoreLineResponse] }) lines: ScoreLineResponse[];
}

export class AssessmentResponse {
  @ApiProperty() quarter: string;
  @ApiProperty() asOf: string;
  @ApiPropertyOptional({ nullable: true }) configVersion: number | null;
  @ApiProperty({ type: [UnitScoreResponse] }) units: UnitScoreResponse[];
}

export class ConfigResponse {
  @ApiPropertyOptional({ nullable: true, description: 'null: the built-in default' }) version: number | null;
  @ApiProperty({ type: Object }) config: object;
}

export class ConfigVersionResponse {
  @ApiProperty() version: number;
  @ApiProperty({ type: Object }) config: object;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty() savedBy: string;
  @ApiProperty() savedAt: string;
}

registerEnumType(ArchiveItem, { name: 'ArchiveItem' });

/** One outfall's archive (一口一档): what it requires and what is missing. REST and GraphQL. */
@ObjectType('ArchiveRow')
export class ArchiveRowResponse {
  @ApiProperty() @Field(() => ID) outfallId: string;
  @ApiProperty() @Field() localCode: string;
  @ApiProperty() @Field() name: string;
  @ApiPropertyOptional({ nullable: true }) @Field(() => String, { nullable: true }) division: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Field(() => String, { nullable: true })
  disposition: string | null;
  @ApiProperty({ enum: ArchiveItem, isArray: true }) @Field(() => [ArchiveItem]) required: ArchiveItem[];
  @ApiProperty({ enum: ArchiveItem, isArray: true }) @Field(() => [ArchiveItem]) missing: ArchiveItem[];
  @ApiProperty() @Field() complete: boolean;
}

@ObjectType('ArchiveSummary')
export class ArchiveSummaryResponse {
  @ApiProperty() @Field(() => Int) outfalls: number;
  @ApiProperty() @Field(() => Int) complete: number;
  @ApiProperty({ type: Object, description: 'item → outfalls missing it' })
  @Field(() => GraphQLJSON, { description: 'item → outfalls missing it' })
  missingByItem: Record<string, number>;
}

@ObjectType('ArchivePage')
export class ArchivePageResponse {
  @ApiProperty({ type: [ArchiveRowResponse] }) @Field(() => [ArchiveRowResponse]) items: ArchiveRowResponse[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
  @ApiProperty({ type: ArchiveSummaryResponse })
  @Field(() => ArchiveSummaryResponse)
  summary: ArchiveSummaryResponse;
}

export class PackageFileResponse {
  @ApiProperty({ enum: ['json', 'xlsx'], enumName: 'PackageFileKind' }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty() sha256: string;
  @ApiProperty() sizeBytes: number;
}

export class PackageResponse {
  @ApiProperty() id: string;
  @ApiProperty() quarter: string;
  @ApiProperty({ enum: UpwardPackageStatus }) status: UpwardPackageStatus;
  @ApiPropertyOptional({ nullable: true }) jobId: string | null;
  @ApiProperty({ type: [PackageFileResponse] }) files: PackageFileResponse[];
  @ApiPropertyOptional({ nullable: true }) generatedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ nullable: true }) receiptNumber: string | null;
  @ApiPropertyOptional({ nullable: true }) receiptOn: string | null;
  @ApiProperty() requestedBy: string;
  @ApiPropertyOptional({ nullable: true }) receiptBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;
}

/** A package just queued for generation, with the job that builds it (poll the job, then the package). */
export class QueuedPackageResponse extends PackageResponse {
  @ApiProperty({ type: JobDto }) job: JobDto;
}
