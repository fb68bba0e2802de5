import { JobState, type Page } from '@outfall/shared-types';
import { downloadFile } from '../../api/file-download';
import { api, dataOf } from '../../api/api-client';
import type { PageParams } from '../../api/schemas';
import type { JobRow } from './types';

export function listJobs(params: PageParams, signal?: AbortSignal): Promise<Page<JobRow>> {
  return dataOf(api.GET('/api/v1/jobs', { params: { query: { ...params, sort: '-createdAt' } }, signal }));
}

export function getJob(id: string, signal?: AbortSignal): Promise<JobRow> {
  return dataOf(api.GET('/api/v1/jobs/{id}', { params: { path: { id } }, signal }));
}

export function isFinished(state: JobState | undefined): boolean {
  return state === JobState.Completed || state === JobState.Failed;
}

/** A completed job that produced a file (exports put `{ file }` in their result). */
export function hasFile(job: JobRow): boolean {
  return job.state === JobState.Completed && job.result !== null && job.result['file'] != null;
}

export function downloadJobFile(job: JobRow): Promise<void> {
  return downloadFile(
    `/api/v1/jobs/${encodeURIComponent(job.id)}/download`,
    `${job.name}-${job.id.slice(0, 8)}.xlsx`,
  );
}
