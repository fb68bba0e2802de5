import type { TableProps } from 'antd';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { pageAndSort } from '../utils/table-sort.util';

export const PAGE_SIZE = 20;

/**
 * A list's page, sort and filters held in the URL (`?page=2&sort=-name&kind=river`), so a view is linkable
 * and survives a reload. Filters are plain strings; an empty value removes the parameter.
 */
export function useListState<K extends string>(filterKeys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sort = params.get('sort') ?? undefined;
  const keysText = filterKeys.join(',');
  const filter = useMemo(() => {
    const result: Partial<Record<K, string>> = {};
    for (const key of keysText.split(',') as K[]) {
      const value = params.get(key);
      if (value) result[key] = value;
    }
    return result;
  }, [params, keysText]);

  const update = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setFilter = useCallback(
    (key: K, value: string | undefined) => update({ [key]: value, page: undefined }),
    [update],
  );

  function onChange<T>(): TableProps<T>['onChange'] {
    return pageAndSort<T>(
      (next) => update({ page: next > 1 ? String(next) : undefined }),
      (next) => update({ sort: next, page: undefined }),
    );
  }

  return {
    page,
    sort,
    filter,
    setFilter,
    onChange,
    query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, ...filter },
    pagination: (total: number | undefined, totalText: (total: number) => string) => ({
      current: page,
      pageSize: PAGE_SIZE,
      total: total ?? 0,
      showSizeChanger: false,
      showTotal: totalText,
    }),
  };
}
