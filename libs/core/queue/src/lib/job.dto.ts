import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JobState } from '@outfall/shared-types';
import type { JobRecord } from './job-record.entity';

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: JobState }) state: JobState;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiPropertyOptional({ type: Object, nullable: true }) result: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) error: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) startedAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) finishedAt: Date | null;
}

export function toJobDto(record: JobRecord): JobDto {
  return {
    id: record.id,
    queue: record.queue,
    name: record.name,
    state: record.state,
    progress: record.progress,
    result: record.result,
    error: record.error,
    attempts: record.attempts,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}
