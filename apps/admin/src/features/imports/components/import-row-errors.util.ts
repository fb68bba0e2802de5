import type { ImportRowError } from '../types';

/** The import's problems in sheet-row order, a row's problems together (the API may report several per row). */
export function byRow(errors: readonly ImportRowError[]): ImportRowError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.row - b.error.row || a.index - b.index)
    .map(({ error }) => error);
}

/** Row spans for the row-number cell: the first problem of a row spans them all, the others 0. */
export function spans(errors: readonly ImportRowError[]): number[] {
  return errors.map((error, index) => {
    if (index > 0 && errors[index - 1].row === error.row) return 0;
    let count = 1;
    while (errors[index + count]?.row === error.row) count += 1;
    return count;
  });
}
