import { TaskState, TaskStatus, taskStatus } from '@outfall/shared-types';
import { asOfDay } from './tasks.service';

describe('task status', () => {
  it('is overdue only when not done and the Beijing day is past the deadline', () => {
    expect(taskStatus(TaskState.NotStarted, '2024-12-31', '2024-12-31')).toBe(TaskStatus.NotStarted);
    expect(taskStatus(TaskState.InProgress, '2024-12-31', '2024-12-31')).toBe(TaskStatus.InProgress);
    expect(taskStatus(TaskState.InProgress, '2024-12-31', '2025-01-01')).toBe(TaskStatus.Overdue);
    expect(taskStatus(TaskState.Done, '2024-12-31', '2030-01-01')).toBe(TaskStatus.Done);
  });

  it('reads asOf as a Beijing day: a UTC date-time after 16:00 is the next day', () => {
    expect(asOfDay('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(asOfDay('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    expect(asOfDay('2025-01-01')).toBe('2025-01-01');
    expect(() => asOfDay('2025-02-30')).toThrow(/asOf/);
    expect(asOfDay(undefined)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
