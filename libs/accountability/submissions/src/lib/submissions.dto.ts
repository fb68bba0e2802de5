import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, enumMessage, GraphQLJSON, ListQueryDto, queryBool } from '@outfall/common';
import { NoticeStatus, SubmissionStatus } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
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

const QUARTER = /^\d{4}Q[1-4]$/;

@InputType('NoticeFilter')
export class NoticeFilterDto {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() unitId?: string;
  @Field(() => NoticeStatus, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(NoticeStatus), { message: enumMessage('status', NoticeStatus) })
  status?: NoticeStatus;
  @ApiPropertyOptional({ description: 'Awaiting the unit past the due day (Beijing)' })
  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

export class NoticeQueryDto extends ListQueryDto {
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional()
  @IsIn(Object.values(NoticeStatus), { message: enumMessage('status', NoticeStatus) })
  status?: NoticeStatus;
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

@InputType('SendNoticeInput')
export class SendNoticeDto {
  @Field(() => ID) @IsUUID() unitId: string;
  @Field() @IsString() @Length(2, 200) subject: string;
  @Field() @IsString() @Length(2, 5000) body: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() outfallId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() planId?: string;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() dueOn: string;
}

@InputType('RespondNoticeInput')
export class RespondNoticeDto {
  @Field() @IsString() @Length(2, 5000) response: string;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];
  @Field(() => Int) @IsInt() version: number;
}

@InputType('ReviewNoticeInput')
export class ReviewNoticeDto {
  @ApiProperty({ enum: ['close', 'return'], enumName: 'NoticeReviewAction' })
  @Field()
  @IsIn(['close', 'return'], { message: 'action must be close or return' })
  action: 'close' | 'return';
  @ApiPropertyOptional({ description: 'Required to send back' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
  @Field(() => Int) @IsInt() version: number;
}

@InputType('SubmissionFiguresInput')
export class SubmissionFiguresDto {
  @ApiProperty({ description: '本季度完成排查的排污口数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  investigated: number;
  @ApiProperty({ description: '本季度完成溯源的排污口数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  traced: number;
  @ApiProperty({ description: '本季度提交整治方案数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  plansSubmitted: number;
  @ApiProperty({ description: '本季度完成整治的排污口数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  remediated: number;
  @ApiProperty({ description: '本季度核查销号数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  verified: number;
  @ApiProperty({ description: '本季度巡查次数' })
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100000)
  patrols: number;
}

@InputType('SubmitInput')
export class SubmitDto {
  @ApiProperty({ example: '2026Q3' })
  @Field()
  @Matches(QUARTER, { message: 'quarter must look like 2026Q3' })
  quarter: string;
  @Field(() => SubmissionFiguresDto)
  @IsObject()
  @ValidateNested()
  @Type(() => SubmissionFiguresDto)
  figures: SubmissionFiguresDto;
  @Field() @IsString() @Length(2, 5000) progress: string;
  @Field() @IsString() @Length(1, 5000) problems: string;
  @Field() @IsString() @Length(1, 5000) nextSteps: string;
  @Field() @IsString() @Length(1, 50) liaisonName: string;
  @Field()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'liaisonPhone must be a phone number' })
  liaisonPhone: string;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];
  @ApiPropertyOptional({ description: 'Resubmitting a returned report: its version' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType('ReviewSubmissionInput')
export class ReviewSubmissionDto {
  @ApiProperty({ enum: ['accept', 'return'], enumName: 'SubmissionReviewAction' })
  @Field()
  @IsIn(['accept', 'return'], { message: 'action must be accept or return' })
  action: 'accept' | 'return';
  @ApiPropertyOptional({ description: 'Required to return' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @Field(() => Int) @IsInt() version: number;
}

export class SubmissionQueryDto extends ListQueryDto {
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must look like 2026Q3' })
  quarter?: string;
  @IsOptional()
  @IsIn(Object.values(SubmissionStatus), { message: enumMessage('status', SubmissionStatus) })
  status?: SubmissionStatus;
}

export class QuarterQueryDto {
  @ApiPropertyOptional({ example: '2026Q3', description: 'Default: the last ended quarter' })
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must look like 2026Q3' })
  quarter?: string;
}

export class MatrixQueryDto {
  @ApiPropertyOptional({ description: 'Comma list of quarters; default the last four ended quarters' })
  @IsOptional()
  @Matches(/^\d{4}Q[1-4](,\d{4}Q[1-4]){0,11}$/, {
    message: 'quarters must be a comma list like 2026Q2,2026Q3',
  })
  quarters?: string;
}

@InputType('AccountabilityConfigInput')
export class SaveConfigDto {
  @ApiProperty({
    description: 'submissionDeadlineDays, lateSubmissionShare, components {key: {weight, perItem?, cap?}}',
  })
  @Field(() => GraphQLJSON)
  @IsObject({ message: 'config must be an object' })
  config: Record<string, unknown>;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

@InputType('ArchiveFilter')
export class ArchiveFilterDto {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() divisionId?: string;
  @ApiPropertyOptional({ description: 'Only incomplete (true) or complete (false) archives' })
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'incomplete must be true or false' })
  incomplete?: boolean;
  @ApiPropertyOptional({ description: 'Only archives missing this item' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  missing?: string;
}

export class ArchiveQueryDto extends IntersectionType(ListQueryDto, ArchiveFilterDto) {}

@InputType('PackageReceiptInput')
export class PackageReceiptDto {
  @ApiProperty({ description: 'When the package was sent (ISO datetime)' })
  @Field()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'sentAt must be an ISO datetime with a zone',
  })
  sentAt: string;
  @Field() @IsString() @Length(1, 64) receiptNumber: string;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) @Field() @CalendarDay() receiptOn: string;
  @Field(() => Int) @IsInt() version: number;
}

@InputType('GeneratePackageInput')
export class GeneratePackageDto {
  @ApiProperty({ example: '2026Q3' })
  @Field()
  @Matches(QUARTER, { message: 'quarter must look like 2026Q3' })
  quarter: string;
}
