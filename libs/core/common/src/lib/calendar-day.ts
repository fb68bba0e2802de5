import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Calendar days and instants, the one implementation every path uses (REST, GraphQL, spreadsheet imports,
 * API keys, workflows). The platform's calendar is Beijing's: Asia/Shanghai, UTC+8 all year (China has had
 * no daylight saving since 1991). The full rule is written up in docs/dates.md.
 *
 * A calendar-day field accepts:
 * - `YYYY-MM-DD`, a real date (2023-02-30 and 2023-13-01 are refused) between 1900-01-01 and 2100-12-31;
 * - a date-time WITH an offset (`2024-12-31T16:30:00Z`, `…+08:00`, `…-05:00`, `…+0800`): the instant is
 *   converted to its Beijing day (`2024-12-31T16:30:00Z` is 2025-01-01);
 * - a date-time WITHOUT an offset (`2024-12-31 23:30`, `2024-12-31T23:30:00`): Beijing wall-clock time,
 *   the same reading as sample times, so its day is the date written;
 * and refuses anything else with a message that names the field.
 */

/** Beijing's offset from UTC in milliseconds (no daylight saving). */
export const BEIJING_OFFSET_MS = 8 * 3600_000;
export const MIN_CALENDAR_DAY = '1900-01-01';
export const MAX_CALENDAR_DAY = '2100-12-31';

/** The Beijing (Asia/Shanghai) calendar day of an instant, `YYYY-MM-DD`. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant on a Beijing wall clock for sheets and reports: `YYYY-MM-DD HH:mm` (or `…:ss`); '' for none.
 */
export function beijingDateTime(at: Date | string | null | undefined, withSeconds = false): string {
  if (at === null || at === undefined || at === '') return '';
  const text = new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString();
  return text.slice(0, withSeconds ? 19 : 16).replace('T', ' ');
}

/** Today in Beijing, `YYYY-MM-DD`: every "not in the future" and "overdue" check uses this. */
export function beijingToday(now: Date = new Date()): string {
  return beijingDay(now);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Date parts checked one by one, so the message can say which part is impossible. */
function checkDate(text: string, year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    return `${text.slice(0, 10)} is not a real date`;
  return null;
}

export type ParsedDateTime =
  | {
      /** The instant. */
      at: Date;
      /** The Beijing calendar day of that instant. */
      day: string;
      /** Whether the text carried an offset (false: read as Beijing wall-clock time). */
      hadOffset: boolean;
    }
  | { error: string };

/**
 * A date-time, `YYYY-MM-DD[T ]HH:mm[:ss[.fff]]` with an optional offset (`Z`, `±HH:MM`, `±HHMM`); without an
 * offset it is Beijing wall-clock time. `field` only shapes the error message.
 */
export function parseDateTime(input: unknown, field = 'value'): ParsedDateTime {
  if (typeof input !== 'string')
    return { error: `${field} must be a date-time, e.g. 2024-05-01T10:30:00+08:00` };
  const text = input.trim();
  const m = DATE_TIME.exec(text);
  if (!m)
    return {
      error: `${field} must be a date-time (YYYY-MM-DDTHH:mm:ss with an offset such as +08:00; without one it is Beijing time)`,
    };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = Number(m[6] ?? 0);
  const dateProblem = checkDate(text, year, month, day);
  if (dateProblem) return { error: `${field}: ${dateProblem}` };
  if (hour > 23 || minute > 59 || second > 59)
    return { error: `${field}: ${text.slice(11, 19)} is not a real time of day` };
  let offsetMs = BEIJING_OFFSET_MS;
  if (m[8]) offsetMs = 0;
  else if (m[9]) {
    const [h, min] = [Number(m[10]), Number(m[11])];
    if (h > 14 || min > 59 || h * 60 + min > 14 * 60)
      return { error: `${field}: ${m[9]}${m[10]}:${m[11]} is not a UTC offset` };
    offsetMs = (m[9] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 onto 1900–1999
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, millis);
  const at = new Date(wall.getTime() - offsetMs);
  return { at, day: beijingDay(at), hadOffset: !!(m[8] || m[9]) };
}

/**
 * One calendar day under the rule above: `{ day }` (normalised `YYYY-MM-DD`) or `{ error }`, a message that
 * names `field`.
 */
export function parseCalendarDay(input: unknown, field = 'date'): { day: string } | { error: string } {
  const shape = `${field} must be a calendar day: YYYY-MM-DD (Beijing), or a date-time with an offset such as 2024-05-01T10:30:00+08:00`;
  if (typeof input !== 'string') return { error: shape };
  const text = input.trim();
  let day: string;
  const m = DAY.exec(text);
  if (m) {
    const problem = checkDate(text, Number(m[1]), Number(m[2]), Number(m[3]));
    if (problem) return { error: `${field}: ${problem}` };
    day = text;
  } else if (DATE_TIME.test(text)) {
    const parsed = parseDateTime(text, field);
    if ('error' in parsed) return parsed;
    day = parsed.day;
  } else return { error: shape };
  if (day < MIN_CALENDAR_DAY || day > MAX_CALENDAR_DAY)
    return { error: `${field} must be between ${MIN_CALENDAR_DAY} and ${MAX_CALENDAR_DAY}` };
  return { day };
}

/** True for a normalised calendar day: `YYYY-MM-DD`, a real date within the accepted range. */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const parsed = parseCalendarDay(value);
  return 'day' in parsed && parsed.day === value;
}

/**
 * An instant from text under the same rule: with an offset as written, without one as Beijing wall-clock
 * time. With `allowDay`, a bare `YYYY-MM-DD` is 00:00 Beijing time of that day (period filters, expiry
 * dates). Null when the text is not a real date-time.
 */
export function parseInstant(text: unknown, options: { allowDay?: boolean } = {}): Date | null {
  if (options.allowDay && typeof text === 'string' && DAY.test(text.trim())) {
    const parsed = parseDateTime(`${text.trim()}T00:00:00+08:00`);
    return 'error' in parsed ? null : parsed.at;
  }
  const parsed = parseDateTime(text);
  return 'error' in parsed ? null : parsed.at;
}

/**
 * A spreadsheet date cell as exceljs gives it: a JS Date whose UTC fields hold the wall-clock value typed in
 * Excel (Excel has no time zone). Read as Beijing wall-clock time: a date cell stays that date
 * (`YYYY-MM-DD`); a date-time cell becomes `YYYY-MM-DDTHH:mm:ss` without an offset, which every parser
 * above reads as Beijing time.
 */
export function excelCellText(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  // exceljs converts Excel's day fractions with floating-point error: round to the second
  const at = new Date(Math.round(value.getTime() / 1000) * 1000);
  const day = at.toISOString().slice(0, 10);
  const time = at.toISOString().slice(11, 19);
  return time === '00:00:00' ? day : `${day}T${time}`;
}

/**
 * The calendar-day decorator for DTOs (REST bodies and queries, GraphQL inputs and args, import rows):
 * transforms an accepted input into its Beijing `YYYY-MM-DD` and refuses anything else with a message that
 * names the field (nested fields come out as `rows[3].plannedOn` through the validation pipe). Combine with
 * `@IsOptional()` for optional fields.
 */
export function CalendarDay(options?: ValidationOptions): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null) return value;
    const parsed = parseCalendarDay(value);
    return 'day' in parsed ? parsed.day : value;
  });
  const validate = ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (value: unknown) => isCalendarDay(value),
        defaultMessage: (args?: ValidationArguments) => {
          const field = args?.property ?? 'date';
          const parsed = parseCalendarDay(args?.value, field);
          return 'error' in parsed ? parsed.error : `${field} must be a calendar day (YYYY-MM-DD)`;
        },
      },
    },
    options,
  );
  return (target: object, propertyKey: string | symbol) => {
    transform(target, propertyKey as string);
    validate(target, propertyKey as string);
  };
}

/**
 * The date-time decorator for instants in DTOs (audit periods, API-key expiry): text is read by
 * `parseInstant` (offset as written; none → Beijing time; a bare day → 00:00 Beijing) and becomes a Date;
 * a Date (GraphQL's DateTime scalar) passes through. Anything else is refused with the field named.
 */
export function Instant(options?: ValidationOptions): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null || value instanceof Date) return value;
    return parseInstant(value, { allowDay: true }) ?? value;
  });
  const validate = ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a date-time, e.g. 2024-05-01T10:30:00+08:00 (without an offset it is Beijing time; a date alone is 00:00 Beijing time)`,
      },
    },
    options,
  );
  return (target: object, propertyKey: string | symbol) => {
    transform(target, propertyKey as string);
    validate(target, propertyKey as string);
  };
}
