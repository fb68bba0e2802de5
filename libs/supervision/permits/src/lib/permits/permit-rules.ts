import { MonitoringFrequency, PERMIT_NUMBER, PERMIT_OUTLET_CODE, PermitExpiry } from '@outfall/shared-types';
import { creditCodeProblem } from '@outfall/directory';

/**
 * What is wrong with a permit number (排污许可证编号), or null. The national format (HJ 608 source code):
 * the holder's unified social credit code (18 characters, GB 32100 set, check character verified), a 3-digit
 * sequence from 001 and one capital letter (`P` for a permit; we accept any capital and do not interpret it).
 * When the holder has a credit code, the number must start with it.
 */
export function permitNumberProblem(number: string, holderCreditCode: string | null): string | null {
  if (!PERMIT_NUMBER.test(number))
    return `排污许可证编号 ${number} 格式不正确：应为18位统一社会信用代码＋3位流水号＋1位大写字母（如 91652301MA77XXXXXX001P） / permitNumber must be the 18-character credit code, a 3-digit sequence and a capital letter`;
  if (number.slice(18, 21) === '000')
    return `排污许可证编号的流水号应从 001 起 / the sequence of permitNumber starts at 001`;
  const credit = number.slice(0, 18);
  if (creditCodeProblem(credit))
    return `排污许可证编号前18位 ${credit} 不是有效的统一社会信用代码（校验位错误） / the first 18 characters of permitNumber are not a valid credit code`;
  if (holderCreditCode && credit !== holderCreditCode)
    return `排污许可证编号前18位应为持证单位的统一社会信用代码 ${holderCreditCode} / permitNumber must start with the holder's credit code ${holderCreditCode}`;
  return null;
}

export function outletCodeProblem(code: string): string | null {
  return PERMIT_OUTLET_CODE.test(code)
    ? null
    : `排放口编码 ${code} 格式不正确：应为 DW＋3位数字（HJ 608，如 DW001） / the outlet code must be DW and 3 digits (HJ 608, e.g. DW001)`;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** Whole days from `from` to `to` (Beijing calendar days, `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

export function addDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Where a permit stands on `today`: expiring once its last valid day is within `withinDays` days. */
export function permitExpiry(
  validFrom: string,
  validTo: string,
  today: string,
  withinDays: number,
): PermitExpiry {
  if (validTo < today) return PermitExpiry.Expired;
  if (validFrom > today) return PermitExpiry.NotYetValid;
  if (daysBetween(today, validTo) <= withinDays) return PermitExpiry.Expiring;
  return PermitExpiry.Valid;
}

/**
 * The Beijing calendar period of a frequency that contains `day`: weeks start on Monday (ISO), half-years
 * are January–June and July–December. Returns the first and last day and a label (`2024Q4`, `2024-W05`…).
 * The SQL of the findings (`periodsSql`) generates the same periods.
 */
export function periodOf(
  day: string,
  frequency: MonitoringFrequency,
): { start: string; end: string; label: string } {
  const [y, m] = day.split('-').map(Number);
  const monthStart = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
  const endBefore = (year: number, month: number) =>
    addDays(month > 12 ? monthStart(year + 1, month - 12) : monthStart(year, month), -1);
  switch (frequency) {
    case MonitoringFrequency.Daily:
      return { start: day, end: day, label: day };
    case MonitoringFrequency.Weekly: {
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
      const start = addDays(day, -weekday);
      const thursday = addDays(start, 3);
      const isoYear = Number(thursday.slice(0, 4));
      const week = Math.floor(daysBetween(`${isoYear}-01-01`, thursday) / 7) + 1;
      return { start, end: addDays(start, 6), label: `${isoYear}-W${String(week).padStart(2, '0')}` };
    }
    case MonitoringFrequency.Monthly:
      return {
        start: monthStart(y, m),
        end: endBefore(y, m + 1),
        label: `${y}-${String(m).padStart(2, '0')}`,
      };
    case MonitoringFrequency.Quarterly: {
      const q = Math.floor((m - 1) / 3);
      return { start: monthStart(y, q * 3 + 1), end: endBefore(y, q * 3 + 4), label: `${y}Q${q + 1}` };
    }
    case MonitoringFrequency.HalfYearly: {
      const h = m >= 7 ? 1 : 0;
      return { start: monthStart(y, h * 6 + 1), end: endBefore(y, h * 6 + 7), label: `${y}H${h + 1}` };
    }
    case MonitoringFrequency.Yearly:
      return { start: `${y}-01-01`, end: `${y}-12-31`, label: `${y}` };
  }
}
