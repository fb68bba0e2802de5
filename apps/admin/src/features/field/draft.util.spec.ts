import { describe, expect, it } from '@jest/globals';
import { DRAFT_MAX_AGE_MS, draftKey, freshDraft, hasInput } from './draft.util';

describe('drafts', () => {
  it('keeps one draft per form kind and outfall', () => {
    expect(draftKey('patrol', 'abc')).toBe('patrol:abc');
    expect(draftKey('sample', undefined)).toBe('sample:new');
    expect(draftKey('patrol', '')).toBe('patrol:new');
  });

  it('offers a draft back for two weeks, not after, and not one dated in the future', () => {
    const now = 1_800_000_000_000;
    const draft = (savedAt: number) => ({ values: {}, photos: [], savedAt });
    expect(freshDraft(draft(now - 3600_000), now)).toBeDefined();
    expect(freshDraft(draft(now - DRAFT_MAX_AGE_MS - 1), now)).toBeUndefined();
    expect(freshDraft(draft(now + 3600_000), now)).toBeUndefined();
    expect(freshDraft(undefined, now)).toBeUndefined();
  });

  it('counts only what the user entered beyond the defaults', () => {
    const defaults = { signIntact: true, findings: [], patrolledAt: '2026-12-05T09:00' };
    expect(hasInput({ ...defaults, patrollerNames: '' }, defaults)).toBe(false);
    expect(hasInput({ ...defaults, patrollerNames: '赵工' }, defaults)).toBe(true);
    expect(hasInput({ ...defaults, signIntact: false }, defaults)).toBe(true);
    expect(hasInput({ ...defaults, findings: [{ kind: 'sign_missing' }] }, defaults)).toBe(true);
  });
});
