import { diffSnapshots, snapshot } from './audit-diff.util';

describe('audit snapshots and diffs', () => {
  it('redacts secrets and serialises dates', () => {
    const snap = snapshot({ username: 'a', passwordHash: 'x', at: new Date('2024-01-02T03:04:05Z') });
    expect(snap).toEqual({ username: 'a', at: '2024-01-02T03:04:05.000Z' });
  });

  it('lists only changed fields, ignoring bookkeeping columns', () => {
    const diff = diffSnapshots(
      { name: 'a', phone: '1', version: 1, updatedAt: 'x', liaison: { name: 'p' } },
      { name: 'a', phone: '2', version: 2, updatedAt: 'y', liaison: { name: 'q' } },
    );
    expect(diff).toEqual({
      phone: { before: '1', after: '2' },
      liaison: { before: { name: 'p' }, after: { name: 'q' } },
    });
  });

  it('treats creation and deletion as all fields changing', () => {
    expect(diffSnapshots(null, { a: 1 })).toEqual({ a: { before: null, after: 1 } });
    expect(diffSnapshots({ a: 1 }, null)).toEqual({ a: { before: 1, after: null } });
  });
});
