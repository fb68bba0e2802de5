import type { Schemas } from '../../api/schemas';

export type JobRow = Schemas['JobDto'];

/** A queued job as `POST …/exports` answers it. */
export type QueuedJob = Pick<JobRow, 'id' | 'state'>;
