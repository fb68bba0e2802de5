import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';

/**
 * A date picker's value for a `YYYY-MM-DD` text: the same object while the text stays the same. antd's pickers
 * (rc-picker) reset what is being typed whenever their `value` prop changes identity (an effect on `value`
 * syncs the value waiting to be submitted), so a `dayjs(text)` built in every render let any re-render (a query
 * landing while a day is typed) swallow the typed day, or put the old one back after it was submitted.
 */
export function useDayValue(text: string): Dayjs {
  return useMemo(() => dayjs(text), [text]);
}

/** A range picker's value for two optional `YYYY-MM-DD` texts, stable as `useDayValue`'s. */
export function useDayRange(from: string | undefined, to: string | undefined): [Dayjs | null, Dayjs | null] {
  return useMemo(() => [from ? dayjs(from) : null, to ? dayjs(to) : null], [from, to]);
}
