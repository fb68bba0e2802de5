import { InlineQueueDriver } from './inline.driver';
import type { JobRunner } from './job-runner.service';
import type { JobOutcome } from './job.types';
import { QueueName } from './queue-name.constant';

/** A runner stand-in that records calls and answers `retry` a number of times; the driver is under test. */
function fakeRunner(retriesBeforeSuccess: number) {
  const calls: string[] = [];
  let retries = retriesBeforeSuccess;
  const runner = {
    execute: async (jobId: string): Promise<JobOutcome> => {
      calls.push(jobId);
      return retries-- > 0 ? 'retry' : 'completed';
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
    expect(calls).toEqual(['a', 'b']);
    await driver.close();
  });

  it('runs a job again while the runner answers retry (the record counts the attempts)', async () => {
    const { runner, calls } = fakeRunner(2);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'flaky', 3);
    await driver.idle();
    expect(calls).toEqual(['flaky', 'flaky', 'flaky']);
    await driver.close();
  });

  it('ensure() dispatches only a job this process does not hold', async () => {
    const { runner, calls } = fakeRunner(0);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'later', 1, 60_000);
    expect(driver.holds('later')).toBe(true);
    expect(await driver.ensure(QueueName.Exports, 'later', 1)).toBe(false);
    expect(await driver.ensure(QueueName.Exports, 'lost', 1)).toBe(true);
    await driver.idle();
    expect(calls).toEqual(['lost']);
    expect(driver.holds('lost')).toBe(false);
    await driver.close();
  });

  it('honours a delay and drops delayed jobs on close', async () => {
    const { runner, calls } = fakeRunner(0);
    const driver = new InlineQueueDriver(runner);
    await driver.dispatch(QueueName.Exports, 'later', 1, 60_000);
    await driver.close();
    expect(calls).toEqual([]);
    expect(driver.available).toBe(false);
  });
});
