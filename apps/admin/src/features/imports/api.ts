import { JobState } from '@outfall/shared-types';
import type { ImportMode, ImportResult } from './types';
import type { JobRow } from '../jobs/types';

/** The multipart body of an import: the mode, and the file as `file`. */
export function importForm(file: File, mode: ImportMode): FormData {
  const form = new FormData();
  form.append('mode', mode);
  form.append('file', file, file.name);
  return form;
}

/** A completed import job's tally and row errors; undefined before it completes. */
export function importResultOf(job: JobRow | undefined): ImportResult | undefined {
  if (job?.state !== JobState.Completed || !job.result) return undefined;
  const result = job.result as Partial<ImportResult>;
  return {
    mode: result.mode ?? 'all_or_nothing',
    rows: result.rows ?? 0,
    created: result.created ?? 0,
    updated: result.updated ?? 0,
    rejected: result.rejected ?? 0,
    committed: result.committed ?? false,
    errors: Array.isArray(result.errors) ? result.errors : [],
  };
}
