import {
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  type OutfallCategory,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Table, Typography, type TableColumnsType, type TableProps } from 'antd';
import { listOutfalls } from '../api';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import type { OutfallFilter, OutfallRow, OutfallSort, OutfallSortKey } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { AreaTag, OutfallFlags } from './outfall-tags';
import { openableRow } from '../../../shared/utils/openable-row.util';

export const OUTFALL_PAGE_SIZE = 20;

type SortOrder = 'ascend' | 'descend' | null;

interface Props {
  filter: OutfallFilter;
  page: number;
  sort?: OutfallSort;
  lookups: DirectoryLookups;
  onPage(page: number): void;
  onSort(sort: OutfallSort | undefined): void;
  onOpen(id: string): void;
}

function orderOf(sort: OutfallSort | undefined, key: OutfallSortKey): SortOrder {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

/** The directory as a table: server-side pagination and sorting; a row opens the detail drawer. */
export function OutfallTable({ filter, page, sort, lookups, onPage, onSort, onOpen }: Props) {
  const { t, label } = useI18n();
  const outfalls = useQuery({
    queryKey: ['outfalls', 'list', { page, sort, ...filter }],
    queryFn: ({ signal }) =>
      listOutfalls(
        { limit: OUTFALL_PAGE_SIZE, offset: (page - 1) * OUTFALL_PAGE_SIZE, sort, ...filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

  const sortable = (key: OutfallSortKey) => ({
    key,
    sorter: true,
    sortOrder: orderOf(sort, key),
    sortDirections: ['ascend', 'descend'] as SortOrder[],
  });

  const columns: TableColumnsType<OutfallRow> = [
    {
      title: t('outfalls.col.code'),
      dataIndex: 'localCode',
      width: 128,
      ...sortable('localCode'),
      render: (code: string, outfall) => (
        <>
          <Typography.Link onClick={() => onOpen(outfall.id)} data-testid="outfall-code">
            {code}
          </Typography.Link>
          {outfall.nationalCode && (
            <Typography.Text type="secondary" className="cell-note">
              {outfall.nationalCode}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('outfalls.col.name'),
      dataIndex: 'name',
      ...sortable('name'),
      render: (name: string, outfall) => (
        <>
          <Typography.Link onClick={() => onOpen(outfall.id)} className="outfall-name">
            {name}
          </Typography.Link>
          {outfall.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('outfalls.col.category'),
      dataIndex: 'category',
      width: 170,
      ...sortable('category'),
      render: (category: OutfallCategory, outfall) => (
        <>
          {label(OUTFALL_CATEGORY_LABELS, category)}
          <Typography.Text type="secondary" className="cell-note">
            {label(OUTFALL_SUB_TYPE_LABELS, outfall.subType)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('outfalls.col.water'),
      key: 'water',
      width: 92,
      render: (_, outfall) => lookups.waterName(outfall.waterBodyId),
    },
    {
      title: t('outfalls.col.township'),
      key: 'township',
      width: 112,
      render: (_, outfall) => outfall.division?.name ?? lookups.townshipName(outfall.divisionId),
    },
    {
      title: t('outfalls.col.area'),
      dataIndex: 'area',
      width: 152,
      ...sortable('keyDistanceM'),
      render: (_, outfall) => <AreaTag outfall={outfall} />,
    },
    {
      title: t('outfalls.col.flags'),
      key: 'flags',
      width: 104,
      render: (_, outfall) => <OutfallFlags outfall={outfall} />,
    },
    {
      title: t('outfalls.col.discoveredOn'),
      dataIndex: 'discoveredOn',
      width: 108,
      ...sortable('discoveredOn'),
    },
  ];

  const onChange: TableProps<OutfallRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = single?.columnKey as OutfallSortKey | undefined;
      onSort(key && single.order ? (single.order === 'descend' ? `-${key}` : key) : undefined);
    } else if (extra.action === 'paginate') {
      onPage(pagination.current ?? 1);
    }
  };

  if (outfalls.error) {
    return (
      <ApiErrorAlert
        error={outfalls.error}
        title={t('common.loadError')}
        onRetry={() => void outfalls.refetch()}
      />
    );
  }
  return (
    <Table<OutfallRow>
      rowKey="id"
      onRow={(outfall) => openableRow(() => onOpen(outfall.id))}
      size="middle"
      columns={columns}
      dataSource={outfalls.data?.items}
      loading={outfalls.isFetching}
      locale={{ emptyText: <Empty description={t('outfalls.empty')} /> }}
      onChange={onChange}
      pagination={{
        current: page,
        pageSize: OUTFALL_PAGE_SIZE,
        total: outfalls.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="outfalls-table"
    />
  );
}
