import { BEIJING_OFFSET_MS, beijingDay } from '@outfall/common';

/** Quarters in Asia/Shanghai: "2024Q4" ends on 2024-12-31 (Beijing), i.e. at 2024-12-31T16:00:00Z. */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

const QUARTER = /^(\d{4})Q([1-4])$/;

export function parseQuarter(text: string): Quarter | null {
  const m = QUARTER.exec(text);
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
}

export function quarterName(quarter: Quarter): string {
  return `${quarter.year}Q${quarter.q}`;
}

/** The last Beijing day of the quarter, YYYY-MM-DD. */
export function quarterEnd(quarter: Quarter): string {
  const end = new Date(Date.UTC(quarter.year, quarter.q * 3, 0));
  return end.toISOString().slice(0, 10);
}

/** The quarter a Beijing day falls in. */
export function quarterOf(day: string): Quarter {
  const [year, month] = day.split('-').map(Number);
  return { year, q: (Math.floor((month - 1) / 3) + 1) as Quarter['q'] };
}

export function previousQuarter(quarter: Quarter): Quarter {
  return quarter.q === 1
    ? { year: quarter.year - 1, q: 4 }
    : { year: quarter.year, q: (quarter.q - 1) as Quarter['q'] };
}

export function nextQuarter(quarter: Quarter): Quarter {
  return quarter.q === 4
    ? { year: quarter.year + 1, q: 1 }
    : { year: quarter.year, q: (quarter.q + 1) as Quarter['q'] };
}

/** Every quarter from `first` whose end has passed at `now` (Beijing time), oldest first. */
export function endedQuarters(first: Quarter, now: Date): Quarter[] {
  const today = beijingDay(now);
  const result: Quarter[] = [];
  for (let q = first; quarterEnd(q) < today; q = nextQuarter(q)) result.push(q);
  return result;
}

/**
 * When the next quarter-end snapshot fires: five minutes past midnight Beijing time on the first day of the
 * next quarter (cron '5 0 1 1,4,7,10 *' in Asia/Shanghai).
 */
export function nextQuarterStart(now: Date): Date {
  const current = quarterOf(beijingDay(now));
  const next = nextQuarter(current);
  // 00:05 Beijing = 16:05 UTC the previous day
  return new Date(Date.UTC(next.year, (next.q - 1) * 3, 1, 0, 5) - BEIJING_OFFSET_MS);
}

/** The next daily close check: five minutes past midnight Beijing time (cron '5 0 * * *' in Asia/Shanghai). */
export function nextDailyCheck(now: Date): Date {
  const [year, month, day] = beijingDay(now).split('-').map(Number);
  const today = Date.UTC(year, month - 1, day, 0, 5) - BEIJING_OFFSET_MS;
  return new Date(today > now.getTime() ? today : today + 86_400_000);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
