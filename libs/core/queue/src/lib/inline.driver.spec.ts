import { InlineQueueDriver } from './inline.driver';
import type { JobRunner } from './job-runner.service';
import { QueueName } from './queue-name.constant';

/** A runner stand-in that records calls; the driver's own scheduling is what is under test. */
function fakeRunner(failuresBeforeSuccess: number) {
  const calls: { jobId: string; finalAttempt: boolean }[] = [];
  let failures = failuresBeforeSuccess;
  const runner = {
    execute: async (jobId: string, finalAttempt: boolean) => {
      calls.push({ jobId, finalAttempt });
      if (failures-- > 0 && !finalAttempt) throw new Error('transient');
    },
  } as unknown as JobRunner;
  return { runner, calls };
}

describe('InlineQueueDriver', () => {
  it('runs jobs one at a time per queue, in order', async () => {
    const { runner, calls } = fakeRunner(0);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'a', 1);
    await driver.dispatch(QueueName.Exports, 'b', 1);
    await driver.idle();
    expect(calls.map((c) => c.jobId)).toEqual(['a', 'b']);
    await driver.close();
  });

  it('retries until the attempts run out, marking the last attempt final', async () => {
    const { runner, calls } = fakeRunner(5);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'flaky', 3);
    await driver.idle();
    expect(calls).toEqual([
      { jobId: 'flaky', finalAttempt: false },
      { jobId: 'flaky', finalAttempt: false },
      { jobId: 'flaky', finalAttempt: true },
    ]);
    await driver.close();
  });

  it('honours a delay and drops delayed jobs on close', async () => {
    const { runner, calls } = fakeRunner(0);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'later', 1, 60_000);
    await driver.close();
    expect(calls).toEqual([]);
  });
});
