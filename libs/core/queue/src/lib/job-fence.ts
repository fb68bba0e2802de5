import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/**
 * The claim a runner holds while a handler runs: the job record id and the fencing token of the claim.
 * Another claim (a takeover after the lease expired) increments the token, so a runner that lost the job
 * can tell before it commits anything.
 */
export interface JobFence {
  jobId: string;
  token: number;
  /** Set by the lease renewal when the record no longer carries this claim. */
  lost: boolean;
}

/** The job's claim was taken over (lease expired) or the job was finished by someone else: stop. */
export class JobLostError extends Error {
  constructor(
    readonly jobId: string,
    readonly token: number,
  ) {
    super(`job ${jobId}: this runner no longer holds the job (claim ${token} was taken over); stopping`);
  }
}

const storage = new AsyncLocalStorage<JobFence | null>();

/** The claim of the job whose handler is running in this async context, if any. */
export const JobFenceStore = {
  run<T>(fence: JobFence | null, fn: () => T): T {
    return storage.run(fence, fn);
  },
  get(): JobFence | null {
    return storage.getStore() ?? null;
  },
};

/**
 * Locks the job record until the surrounding transaction ends and throws `JobLostError` unless it still
 * carries the fence's token. Called last in a transaction: a takeover then either happened before (this
 * transaction rolls back) or waits for the commit (and sees its effects, including a completed state).
 */
export async function assertFence(em: EntityManager, fence: JobFence): Promise<void> {
  if (fence.lost) throw new JobLostError(fence.jobId, fence.token);
  const rows = await em.query<{ fencing_token: number }[]>(
    `SELECT fencing_token FROM job_record WHERE id = $1 FOR UPDATE`,
    [fence.jobId],
  );
  if (rows[0]?.fencing_token !== fence.token) {
    fence.lost = true;
    throw new JobLostError(fence.jobId, fence.token);
  }
}

/**
 * Fencing for free: every transaction committed from inside a running job's handler (however the handler
 * opened it: `dataSource.transaction`, `repository.save`, a chunk of an import) checks the claim before
 * COMMIT, so a runner that lost its job cannot commit effects. Outermost transactions only (savepoints
 * commit with them).
 */
export class JobFenceSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const fence = JobFenceStore.get();
    if (!fence) return;
    const depth = (event.queryRunner as unknown as { transactionDepth?: number }).transactionDepth ?? 1;
    if (depth > 1) return;
    await assertFence(event.queryRunner.manager, fence);
  }
}
