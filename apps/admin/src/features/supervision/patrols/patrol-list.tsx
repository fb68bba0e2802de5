import { OUTFALL_CATEGORY_LABELS, Permission } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { useDayRange } from '../../../shared/hooks/use-day-value';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { listPatrols, type PatrolFilter, type PatrolRow } from './patrols.api';

const PAGE_SIZE = 20;

export interface PatrolListState {
  filter: PatrolFilter;
  page: number;
  sort?: string;
}

const boolValue = (value: boolean | undefined) => (value === undefined ? 'any' : value ? 'yes' : 'no');
const fromBool = (value: string) => (value === 'any' ? undefined : value === 'yes');

/** The filter bar of the patrol list: unit, township, outfall, days, has findings, overdue, distance flag. */
export function PatrolFilterBar({
  filter,
  onChange,
}: {
  filter: PatrolFilter;
  onChange(filter: PatrolFilter): void;
}) {
  const { t } = useI18n();
  const { can, me } = useAuth();
  const lookups = useDirectoryLookups();
  const period = useDayRange(filter.from, filter.to);
  const units = useQuery({
    queryKey: ['units', 'patrols-filter'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    enabled: can(Permission.OrgRead),
    staleTime: 5 * 60_000,
  });
  const tri = (key: 'hasFindings' | 'overdue' | 'distanceFlagged', testId: string) => (
    <Select
      className="toolbar-select"
      value={boolValue(filter[key])}
      onChange={(value) => onChange({ ...filter, [key]: fromBool(value) })}
      options={[
        { value: 'any', label: `${t(`patrols.filter.${key}`)}：${t('patrols.filter.any')}` },
        { value: 'yes', label: `${t(`patrols.filter.${key}`)}：${t('patrols.filter.yes')}` },
        { value: 'no', label: `${t(`patrols.filter.${key}`)}：${t('patrols.filter.no')}` },
      ]}
      data-testid={testId}
    />
  );
  return (
    <div className="toolbar">
      <Space wrap>
        {can(Permission.OrgRead) && (
          <Select
            className="toolbar-select"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('patrols.filter.unit')}
            value={filter.unitId}
            onChange={(unitId) => onChange({ ...filter, unitId })}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            data-testid="patrol-filter-unit"
          />
        )}
        {me?.jurisdiction.cityWide && lookups.townships.length > 0 && (
          <Select
            className="toolbar-select"
            allowClear
            placeholder={t('patrols.filter.township')}
            value={filter.divisionId}
            onChange={(divisionId) => onChange({ ...filter, divisionId })}
            options={lookups.townships.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="patrol-filter-township"
          />
        )}
        <div style={{ minWidth: 220 }}>
          <OutfallPicker
            value={filter.outfallId}
            onChange={(outfallId) => onChange({ ...filter, outfallId })}
            data-testid="patrol-filter-outfall"
          />
        </div>
        <DatePicker.RangePicker
          value={period}
          onChange={(range) =>
            onChange({
              ...filter,
              from: (range?.[0] as Dayjs | null)?.format('YYYY-MM-DD'),
              to: (range?.[1] as Dayjs | null)?.format('YYYY-MM-DD'),
            })
          }
          data-testid="patrol-filter-dates"
        />
        {tri('hasFindings', 'patrol-filter-findings')}
        {tri('overdue', 'patrol-filter-overdue')}
        {tri('distanceFlagged', 'patrol-filter-distance')}
        <Button onClick={() => onChange({})}>{t('patrols.filter.reset')}</Button>
      </Space>
    </div>
  );
}

/** The patrol records, server-paged and sorted (patrol time, distance, findings). */
export function PatrolList({
  state,
  onChange,
}: {
  state: PatrolListState;
  onChange(state: PatrolListState): void;
}) {
  const { t, label, dateTime } = useI18n();
  const navigate = useNavigate();
  const sort = state.sort ?? '-patrolledAt';
  const patrols = useQuery({
    queryKey: ['patrols', 'list', state],
    queryFn: ({ signal }) =>
      listPatrols({ ...state.filter, limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, sort }, signal),
  });
  if (patrols.error)
    return (
      <ApiErrorAlert
        error={patrols.error}
        title={t('common.loadError')}
        onRetry={() => void patrols.refetch()}
      />
    );
  return (
    <Table<PatrolRow>
      rowKey="id"
      size="middle"
      loading={patrols.isFetching}
      dataSource={patrols.data?.items}
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty description={t('patrols.empty')} /> }}
      pagination={{
        current: state.page,
        pageSize: PAGE_SIZE,
        total: patrols.data?.total ?? 0,
        showSizeChanger: false,
      }}
      onChange={pageAndSort(
        (page) => onChange({ ...state, page }),
        (next) => onChange({ ...state, sort: next, page: 1 }),
      )}
      onRow={(row) => ({ 'data-testid': `patrol-row-${row.outfall.localCode}` }) as never}
      columns={[
        {
          title: t('patrols.col.at'),
          dataIndex: 'patrolledAt',
          ...sortable(sort, 'patrolledAt'),
          render: (at: string, row) => (
            <Typography.Link onClick={() => void navigate(`/patrols/${row.id}`)} data-testid="patrol-open">
              {dateTime(at)}
            </Typography.Link>
          ),
        },
        {
          title: t('patrols.col.outfall'),
          key: 'outfall',
          render: (_: unknown, row) => (
            <Space direction="vertical" size={0}>
              <span>{row.outfall.localCode}</span>
              <Typography.Text type="secondary">
                {row.outfall.name} · {label(OUTFALL_CATEGORY_LABELS, row.outfall.category)}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('patrols.col.unit'), key: 'unit', render: (_: unknown, row) => row.unit?.name ?? '—' },
        { title: t('patrols.col.people'), dataIndex: 'patrollerNames' },
        {
          title: t('patrols.col.distance'),
          dataIndex: 'distanceM',
          ...sortable(sort, 'distanceM'),
          render: (m: number, row) =>
            row.distanceFlagged ? (
              <Tag color="red" data-testid="patrol-distance-flag">
                {t('patrols.metres', { n: Math.round(m) })}
              </Tag>
            ) : (
              t('patrols.metres', { n: Math.round(m) })
            ),
        },
        {
          title: t('patrols.col.findings'),
          dataIndex: 'findingCount',
          ...sortable(sort, 'findingCount'),
          render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : '—'),
        },
      ]}
      data-testid="patrol-table"
    />
  );
}
