import {
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  OutfallArea,
  OutfallCategory,
  PROGRESS_METRIC_LABELS,
  type ProgressMetric,
} from '@outfall/shared-types';
import { Empty, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import type { ProgressGroup } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { BREAKDOWNS, type Breakdown } from '../progress-url.util';
import { METRICS, MetTag, percent } from './progress-headline';
import { orderOf, type SortOrder } from '../../../shared/utils/table-sort.util';

export const BREAKDOWN_LABELS: Record<Breakdown, MessageKey> = {
  township: 'progress.by.township',
  river: 'progress.by.river',
  unit: 'progress.by.unit',
  category: 'progress.by.category',
  area: 'progress.by.area',
};

/** The display name of a breakdown group: enum labels for category and area, the API's label otherwise. */
export function useGroupName() {
  const { label } = useI18n();
  return (group: Pick<ProgressGroup, 'dimension' | 'key' | 'label'>): string => {
    if (group.dimension === 'category' && Object.values<string>(OutfallCategory).includes(group.key))
      return label(OUTFALL_CATEGORY_LABELS, group.key as OutfallCategory);
    if (group.dimension === 'area' && Object.values<string>(OutfallArea).includes(group.key))
      return label(OUTFALL_AREA_LABELS, group.key as OutfallArea);
    return group.label;
  };
}

function compareRates(a: number | null, b: number | null): number {
  // groups with nothing to count go last in ascending order
  return (a ?? -1) - (b ?? -1);
}

interface Props {
  groups: ProgressGroup[];
  by: Breakdown;
  sort?: string;
  onBy(by: Breakdown): void;
  onSort(sort: string | undefined): void;
  testId?: string;
}

/** Rates per township, river, responsible unit, category or area; sorted in the browser (one response). */
export function ProgressBreakdown({ groups, by, sort, onBy, onSort, testId = 'breakdown-table' }: Props) {
  const { t, label } = useI18n();
  const name = useGroupName();
  const rows = groups.filter((g) => g.dimension === by);
  const sorted = [...rows];
  if (sort) {
    const key = sort.replace(/^-/, '');
    const sign = sort.startsWith('-') ? -1 : 1;
    sorted.sort((a, b) =>
      key === 'label'
        ? sign * name(a).localeCompare(name(b), 'zh')
        : sign * compareRates(a.metrics[key as ProgressMetric].rate, b.metrics[key as ProgressMetric].rate),
    );
  }
  const sortProps = (key: string) => ({
    key,
    sorter: true,
    sortOrder: orderOf(sort, key),
    sortDirections: ['ascend', 'descend'] as SortOrder[],
  });
  const columns: TableColumnsType<ProgressGroup> = [
    {
      title: t(BREAKDOWN_LABELS[by]),
      ...sortProps('label'),
      render: (_, group) => <span data-testid="breakdown-name">{name(group)}</span>,
    },
    ...METRICS.map((metric) => ({
      title: label(PROGRESS_METRIC_LABELS, metric),
      ...sortProps(metric),
      width: 190,
      render: (_: unknown, group: ProgressGroup) => {
        const value = group.metrics[metric];
        return (
          <div data-testid={`cell-${metric}`}>
            <Typography.Text strong>{percent(value.rate)}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              ({value.numerator}/{value.denominator})
            </Typography.Text>{' '}
            {value.rate !== null && <MetTag met={value.met} status={value.status} />}
          </div>
        );
      },
    })),
  ];
  return (
    <>
      <Segmented<Breakdown>
        className="toolbar"
        value={by}
        onChange={onBy}
        options={BREAKDOWNS.map((value) => ({ value, label: t(BREAKDOWN_LABELS[value]) }))}
        data-testid="breakdown-by"
      />
      <Table<ProgressGroup>
        rowKey={(group) => `${group.dimension}:${group.key}`}
        size="middle"
        columns={columns}
        dataSource={sorted}
        pagination={sorted.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty description={t('progress.emptyBreakdown')} /> }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          const single = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = single?.columnKey as string | undefined;
          onSort(key && single.order ? (single.order === 'descend' ? `-${key}` : key) : undefined);
        }}
        scroll={{ x: 960 }}
        data-testid={testId}
      />
    </>
  );
}
