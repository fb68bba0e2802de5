import { InlineQueueDriver } from './inline.driver';
import type { JobRunner } from './job-runner.service';

describe('the inline driver’s schedules', () => {
  it('fires the runner’s callback at each `next` time and re-arms', async () => {
    const fired: string[] = [];
    const runner = { fire: async (id: string) => void fired.push(id) } as unknown as JobRunner;
    const driver = new InlineQueueDriver(runner);
    await driver.schedule({
      id: 'tick',
      pattern: '* * * * * *',
      tz: 'Asia/Shanghai',
      next: (now) => new Date(now.getTime() + 20),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await driver.close();
    expect(fired.length).toBeGreaterThanOrEqual(2);
    expect(new Set(fired)).toEqual(new Set(['tick']));
    const count = fired.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fired.length).toBe(count);
  });
});
