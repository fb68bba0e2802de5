import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDay } from '@outfall/common';
import { DispatchReportStatus } from '@outfall/shared-types';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

@InputType('DispatchReportTaskInput')
export class DispatchReportTaskDto {
  @ApiProperty({ description: 'What is to be done next quarter (调度事项)', maxLength: 500 })
  @Field()
  @IsString({ message: 'content must be text' })
  @MaxLength(500, { message: 'content must be at most 500 characters' })
  @Matches(/\S/, { message: 'content must not be empty' })
  content: string;

  @ApiPropertyOptional({ description: 'Lead unit (牵头单位)', maxLength: 100 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'leadUnit must be text' })
  @MaxLength(100, { message: 'leadUnit must be at most 100 characters' })
  leadUnit?: string | null;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Beijing day)' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @CalendarDay()
  dueOn?: string | null;
}

@InputType('UpdateDispatchReportInput')
export class UpdateDispatchReportDto {
  @ApiProperty({ type: [DispatchReportTaskDto], description: 'The whole list of next-quarter tasks' })
  @Field(() => [DispatchReportTaskDto])
  @IsArray({ message: 'tasks must be a list' })
  @ArrayMaxSize(50, { message: 'at most 50 tasks' })
  @ValidateNested({ each: true })
  @Type(() => DispatchReportTaskDto)
  tasks: DispatchReportTaskDto[];

  @ApiPropertyOptional({
    description: 'Replaces the generated narrative (null or empty: use the generated one)',
    maxLength: 5000,
    nullable: true,
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'narrativeOverride must be text' })
  @MaxLength(5000, { message: 'narrativeOverride must be at most 5000 characters' })
  narrativeOverride?: string | null;

  @ApiPropertyOptional({
    description: 'The version you read (optimistic lock); omit for a report not yet saved',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  version?: number;
}

@InputType('ReturnDispatchReportInput')
export class ReturnDispatchReportDto {
  @ApiProperty({ description: 'Why it goes back to the preparer', maxLength: 500 })
  @Field()
  @IsString({ message: 'reason must be text' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  @Matches(/\S/, { message: 'give a reason' })
  reason: string;
}

export class DownloadQueryDto {
  @ApiProperty({ enum: ['xlsx', 'html'], enumName: 'ReportFormat' })
  @IsIn(['xlsx', 'html'], { message: 'format must be xlsx or html' })
  format: 'xlsx' | 'html';
}

/** A next-quarter task as read. */
@ObjectType('DispatchReportTask')
export class DispatchReportTaskView {
  @ApiProperty() @Field() content: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @Field(() => String, { nullable: true })
  leadUnit: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'YYYY-MM-DD' })
  @Field(() => String, { nullable: true })
  dueOn: string | null;
}

@ObjectType('DispatchNarrative')
export class DispatchNarrativeView {
  @ApiProperty({ type: [String], description: '达标情况' }) @Field(() => [String]) achievement: string[];
  @ApiProperty({ type: [String], description: '主要问题' }) @Field(() => [String]) problems: string[];
  @ApiProperty({ type: [String], description: '落后单位' }) @Field(() => [String]) behind: string[];
}

/** A snapshot's dispatch report: its workflow state, tasks, sign-off and the narrative. */
@ObjectType('DispatchReport')
export class DispatchReportView {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null until first saved' })
  @Field(() => ID, { nullable: true })
  id: string | null;

  @ApiProperty() @Field(() => ID) snapshotId: string;
  @ApiProperty({ example: '2024Q4' }) @Field() quarter: string;
  @ApiProperty() @Field(() => Int) snapshotVersion: number;
  @ApiProperty({ description: 'Whether the snapshot is still the version in force' })
  @Field()
  snapshotCurrent: boolean;

  @ApiProperty({ enum: DispatchReportStatus })
  @Field(() => DispatchReportStatus)
  status: DispatchReportStatus;

  @ApiProperty({ description: 'Chinese label of the status' }) @Field() statusLabel: string;

  @ApiProperty({ type: [DispatchReportTaskView] })
  @Field(() => [DispatchReportTaskView])
  tasks: DispatchReportTaskView[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @Field(() => String, { nullable: true })
  narrativeOverride: string | null;

  @ApiProperty({ type: DispatchNarrativeView, description: 'Generated from the snapshot’s figures' })
  @Field(() => DispatchNarrativeView)
  narrative: DispatchNarrativeView;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Field(() => String, { nullable: true })
  returnReason: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '编制' })
  @Field(() => String, { nullable: true })
  preparedByName: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  submittedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '审核/签发' })
  @Field(() => String, { nullable: true })
  issuedByName: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  @Field(() => GraphQLISODateTime, { nullable: true })
  issuedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'SHA-256 (hex) of the issued XLSX' })
  @Field(() => String, { nullable: true })
  xlsxSha256: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'SHA-256 (hex) of the issued HTML' })
  @Field(() => String, { nullable: true })
  htmlSha256: string | null;

  @ApiProperty({ description: 'Optimistic-lock version (0 until first saved)' })
  @Field(() => Int)
  version: number;

  @ApiProperty({ description: 'What the caller may do now', type: [String], example: ['edit', 'submit'] })
  @Field(() => [String])
  actions: string[];
}
