import type { TableProps } from 'antd';

export type SortOrder = 'ascend' | 'descend' | null;

/** The antd sort order of a column from a `key` / `-key` sort. */
export function orderOf(sort: string | undefined, key: string): SortOrder {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

/** Column props for a server-sorted column. */
export function sortable(sort: string | undefined, key: string) {
  return {
    key,
    sorter: true,
    sortOrder: orderOf(sort, key),
    sortDirections: ['ascend', 'descend'] as SortOrder[],
  };
}

/** A table's onChange that reports paging and server-side sorting as `key` / `-key`. */
export function pageAndSort<T>(
  onPage: (page: number) => void,
  onSort: (sort: string | undefined) => void,
): TableProps<T>['onChange'] {
  return (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = single?.columnKey as string | undefined;
      onSort(key && single.order ? (single.order === 'descend' ? `-${key}` : key) : undefined);
    } else if (extra.action === 'paginate') {
      onPage(pagination.current ?? 1);
    }
  };
}
