import { DomainException } from './domain.exception';
import { nullsOrder, pageTotal, sortKeys, withTotal } from './pagination';

describe('page steps', () => {
  const sortable = { name: 'o.name', createdAt: 'o.createdAt' };

  it('parses sort keys in order, `-` for descending', () => {
    expect(sortKeys('-createdAt,name', sortable)).toEqual([
      { column: 'o.createdAt', descending: true },
      { column: 'o.name', descending: false },
    ]);
    expect(nullsOrder(false)).toBe('NULLS FIRST');
    expect(nullsOrder(true)).toBe('NULLS LAST');
  });

  it('refuses an unknown key, an inherited name included, with a field message naming the allowed keys', () => {
    for (const sort of ['-location', 'constructor', 'name,toString']) {
      let error: unknown;
      try {
        sortKeys(sort, sortable);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainException);
      const { status, details } = error as DomainException;
      expect(status).toBe(400);
      expect(details).toEqual([
        { field: 'sort', message: expect.stringContaining('is not one of: name, createdAt') as string },
      ]);
    }
  });

  it('takes the total from a short page that is not empty, or the first page', () => {
    expect(pageTotal(7, 20, 0)).toBe(7);
    expect(pageTotal(0, 20, 0)).toBe(0);
    expect(pageTotal(5, 20, 40)).toBe(45);
    expect(pageTotal(20, 20, 0)).toBeUndefined();
    expect(pageTotal(0, 20, 40)).toBeUndefined();
  });

  it('counts only when the page cannot tell, beside the page or after it', async () => {
    const counts: string[] = [];
    const count = (label: string) => async () => {
      counts.push(label);
      return { total: 99, estimate: true };
    };
    const read = (rows: number) => async () => Array.from({ length: rows }, (_, i) => i);
    const length = (page: number[]) => page.length;
    expect(await withTotal(read(3), length, count('a'), { limit: 5, offset: 0, together: false })).toEqual({
      page: [0, 1, 2],
      total: 3,
      estimate: false,
    });
    expect(counts).toEqual([]);
    const full = await withTotal(read(5), length, count('b'), { limit: 5, offset: 0, together: false });
    expect(full).toMatchObject({ total: 99, estimate: true });
    await withTotal(read(3), length, count('c'), { limit: 5, offset: 0, together: true });
    expect(counts).toEqual(['b', 'c']);
  });
});
