import { PageOf } from '@outfall/common';
import { ApiProperty } from '@nestjs/swagger';
import { JobState } from '@outfall/shared-types';
import type { JobRecord } from './job-record.entity';

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: JobState }) state: JobState;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  /** Free-form per job (an export's `{ file }`, an import's counts). */
  @ApiProperty({ type: Object, nullable: true }) result: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: Date | null;
}

/**
 * A job's result as the API shows it: the stored file is described by name, type and download URL, never by
 * its storage key (where it lies on the server); any `storageKey` anywhere in the result is dropped.
 */
export function publicJobResult(record: Pick<JobRecord, 'id' | 'result'>): Record<string, unknown> | null {
  if (!record.result) return null;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== 'object' || value instanceof Date) return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== 'storageKey')
        .map(([key, item]) => [key, strip(item)]),
    );
  };
  const result = strip(record.result) as Record<string, unknown>;
  if (result['file'] && typeof result['file'] === 'object')
    result['file'] = { ...(result['file'] as object), downloadUrl: `/api/v1/jobs/${record.id}/download` };
  return result;
}

export function toJobDto(record: JobRecord): JobDto {
  return {
    id: record.id,
    queue: record.queue,
    name: record.name,
    state: record.state,
    progress: record.progress,
    result: publicJobResult(record),
    error: record.error,
    attempts: record.attempts,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}

/** A page of JobDto: `{ items, total, limit, offset }`. */
export class JobPage extends PageOf(JobDto) {}
