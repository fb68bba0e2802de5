import { ForecastStatus, FORECAST_STATUS_LABELS } from '@outfall/shared-types';
import { targetStatus } from './progress.service';
import { nextDailyCheck } from './quarter.util';

describe('a rate against its target', () => {
  it('is missed (未达标) on the deadline day itself and after, open before, met when reached', () => {
    expect(targetStatus(0.75, 0.8, '2024-12-31', '2024-12-30')).toBe('open');
    expect(targetStatus(0.75, 0.8, '2024-12-31', '2024-12-31')).toBe('missed');
    expect(targetStatus(0.75, 0.8, '2024-12-31', '2025-03-31')).toBe('missed');
    expect(targetStatus(0.8, 0.8, '2024-12-31', '2024-12-31')).toBe('met');
  });

  it('stays n/a (null) with a zero denominator or no target', () => {
    expect(targetStatus(null, 0.8, '2024-12-31', '2024-12-31')).toBeNull();
    expect(targetStatus(0.5, null, null, '2024-12-31')).toBeNull();
  });

  it('labels the missed forecast status in Chinese first', () => {
    expect(FORECAST_STATUS_LABELS[ForecastStatus.Missed]).toEqual({ zh: '未达标', en: 'Missed' });
  });
});

describe('the daily close check', () => {
  it('fires at 00:05 Beijing time, the next one after now', () => {
    // 2024-12-31T10:00Z is 18:00 Beijing → next 2025-01-01 00:05 Beijing = 2024-12-31T16:05Z
    expect(nextDailyCheck(new Date('2024-12-31T10:00:00Z')).toISOString()).toBe('2024-12-31T16:05:00.000Z');
    // 00:01 Beijing → the same day's 00:05
    expect(nextDailyCheck(new Date('2024-12-31T16:01:00Z')).toISOString()).toBe('2024-12-31T16:05:00.000Z');
    expect(nextDailyCheck(new Date('2024-12-31T16:05:00Z')).toISOString()).toBe('2025-01-01T16:05:00.000Z');
  });
});
