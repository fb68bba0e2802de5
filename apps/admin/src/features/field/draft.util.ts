/** What a form keeps while it is being filled in: its values and the photos chosen so far. */
export interface FormDraft<V> {
  values: V;
  photos: File[];
  /** Epoch milliseconds of the last save. */
  savedAt: number;
}

/** A draft older than this is dropped rather than offered back. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 3600_000;

/** The storage key of a form's draft: one per form kind and outfall (`new` before one is chosen). */
export function draftKey(kind: 'patrol' | 'sample', outfallId: string | null | undefined): string {
  return `${kind}:${outfallId || 'new'}`;
}

/** The draft when it is recent enough to offer back. */
export function freshDraft<V>(draft: FormDraft<V> | undefined, now = Date.now()): FormDraft<V> | undefined {
  if (!draft || typeof draft.savedAt !== 'number') return undefined;
  return now - draft.savedAt <= DRAFT_MAX_AGE_MS && now >= draft.savedAt - 60_000 ? draft : undefined;
}

/**
 * Whether the values are worth keeping: something beyond the form's own defaults was entered. `defaults`
 * are the values the form starts with; a field equal to its default (or empty) does not count.
 */
export function hasInput(values: Record<string, unknown>, defaults: Record<string, unknown>): boolean {
  return Object.entries(values).some(([name, value]) => {
    if (value === undefined || value === null || value === '') return false;
    if (Array.isArray(value) && value.length === 0) return false;
    return JSON.stringify(value) !== JSON.stringify(defaults[name]);
  });
}
