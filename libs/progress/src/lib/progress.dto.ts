import { ArgsType, Field, Float, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDay } from '@outfall/common';
import { ProgressMetric, ScopeGroup } from '@outfall/shared-types';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const enumMessage = (name: string, values: object) =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;

/** `?asOf=` on REST and the `asOf` argument in GraphQL: the same calendar-day rule on both. */
@ArgsType()
export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Beijing day); default today' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'YYYY-MM-DD (Beijing day): answer with what the system knew at the end of that day (facts recorded later ' +
      'and later recomputed flags are ignored); default: everything known now',
  })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  knownAt?: string;
}

/** GET /progress: also `source=raw`, the raw recompute from every outfall's rows (the roll-up's reference; slow). */
export class ProgressQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    enum: ['rollup', 'raw'],
    enumName: 'ProgressSource',
    description:
      "rollup (default): from the progress roll-up; raw: recomputed from every outfall's rows, the reference " +
      'the roll-up is verified against (seconds at a million outfalls)',
  })
  @IsOptional()
  @IsIn(['rollup', 'raw'], { message: 'source must be one of: rollup, raw' })
  source?: 'rollup' | 'raw';
}

@InputType('ProgressTargetInput')
export class TargetDto {
  @ApiProperty({ enum: ScopeGroup })
  @Field(() => ScopeGroup)
  @IsEnum(ScopeGroup, { message: enumMessage('scope', ScopeGroup) })
  scope: ScopeGroup;

  @ApiProperty({ enum: ProgressMetric })
  @Field(() => ProgressMetric)
  @IsEnum(ProgressMetric, { message: enumMessage('metric', ProgressMetric) })
  metric: ProgressMetric;

  @ApiProperty()
  @Field()
  @CalendarDay()
  deadline: string;

  @ApiProperty({ minimum: 0, maximum: 1 })
  @Field(() => Float)
  @IsNumber({}, { message: 'threshold must be a number between 0 and 1' })
  @Min(0, { message: 'threshold must be between 0 and 1' })
  @Max(1, { message: 'threshold must be between 0 and 1' })
  threshold: number;

  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) note?: string;
}

export class UpdateTargetDto extends TargetDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt({ message: 'version must be an integer' })
  version: number;
}

export class SnapshotQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ description: 'Include superseded versions' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;
}

export class RecomputeDto {
  @ApiProperty({ example: '2024Q4' })
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2024Q4' })
  quarter: string;

  @ApiProperty({ description: 'Why the frozen snapshot is recomputed (kept in the new version)' })
  @IsString()
  @MaxLength(500)
  @Matches(/\S/, { message: 'give a reason' })
  reason: string;
}

export class ReportDto {
  @ApiProperty({ enum: ['xlsx', 'html'], enumName: 'ReportFormat' })
  @IsIn(['xlsx', 'html'], { message: 'format must be xlsx or html' })
  format: 'xlsx' | 'html';
}

@InputType('CloseQuarterInput')
export class CloseQuarterDto {
  @ApiPropertyOptional({ description: 'Why it is closed now (kept with the close)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason?: string;
}

export class QuarterParamDto {
  @ApiProperty({ example: '2024Q4' })
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2024Q4' })
  quarter: string;
}
