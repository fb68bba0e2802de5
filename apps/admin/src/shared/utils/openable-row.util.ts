import type { HTMLAttributes, KeyboardEvent } from 'react';

/**
 * Props for a table row that opens a record: focusable (Tab), opened with Enter or Space like a button, and
 * marked for a visible focus ring (`.row-openable`). Keys pressed on a control inside the row (a link, a
 * checkbox, an action button) stay with that control.
 */
export function openableRow(open: () => void, testId?: string): HTMLAttributes<HTMLElement> {
  return {
    tabIndex: 0,
    className: 'row-openable',
    'aria-keyshortcuts': 'Enter Space',
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    },
    ...(testId ? ({ 'data-testid': testId } as object) : {}),
  };
}
