import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  FindingKind,
  FindingStatus,
  Permission,
  PERMIT_EXPIRY_LABELS,
  PermitExpiry,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Empty, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useIndicators } from '../../monitoring/api';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useLedgerExport } from '../../jobs/components/ledger-export';
import { OutfallDrawer } from '../../outfalls/components/outfall-drawer';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FindingsTable } from './findings-table';
import { PermitDrawer } from './permit-drawer';
import { EntityPicker, PermitFormModal } from './permit-form-modal';
import { ExpiryTag } from './permit-tags';
import {
  listPermits,
  startPermitsLedger,
  type FindingFilter,
  type Permit,
  type PermitFilter,
  type PermitsLedger,
} from './permits.api';
import { ScheduleFormModal } from './schedule-form-modal';
import { SchedulesTable } from './schedules-table';

export type PermitsTab = 'permits' | 'findings' | 'schedules';

const TAB_PATHS: Record<PermitsTab, string> = {
  permits: '/permits',
  findings: '/permits/findings',
  schedules: '/permits/schedules',
};
const PAGE_SIZE = 20;
const DAY = 'YYYY-MM-DD';

const oneOf = <T extends string>(values: Record<string, T>, value: string | null): T | undefined =>
  value && (Object.values(values) as string[]).includes(value) ? (value as T) : undefined;

/** 排污许可与自行监测: permits (list, detail, form), missing-data findings, monitoring schedules; filters in the URL. */
export function PermitsPage({ tab }: { tab: PermitsTab }) {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const lookups = useDirectoryLookups();
  const indicators = useIndicators();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [creatingSchedule, setCreatingSchedule] = useState(false);
  const get = (key: string) => params.get(key) ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sort = get('sort');
  const permitFilter: PermitFilter = useMemo(
    () => ({ q: get('q'), divisionId: get('divisionId'), expiry: oneOf(PermitExpiry, params.get('expiry')) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- derived from the URL
    [params],
  );
  const findingFilter: FindingFilter = useMemo(
    () => ({
      kind: oneOf(FindingKind, params.get('kind')),
      status: oneOf(FindingStatus, params.get('status')),
      divisionId: get('divisionId'),
      entityId: get('entityId'),
      indicatorCode: get('indicatorCode'),
      periodFrom: get('periodFrom'),
      periodTo: get('periodTo'),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- derived from the URL
    [params],
  );
  const set = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const ledger = useLedgerExport<PermitsLedger>({
    label: t('permits.ledger'),
    kinds: (['permits', 'findings'] as const).map((kind) => ({ kind, label: t(`permits.ledger.${kind}`) })),
    start: (kind) => startPermitsLedger(kind, kind === 'permits' ? permitFilter : findingFilter),
    testId: 'permits-ledger',
  });
  const permits = useQuery({
    queryKey: ['permits', 'list', { page, sort, ...permitFilter }],
    queryFn: ({ signal }) =>
      listPermits(
        { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: sort ?? 'validTo', ...permitFilter },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled: tab === 'permits',
  });
  const showTownship = me?.jurisdiction.cityWide ?? false;
  const township = showTownship && (
    <Select<string>
      allowClear
      showSearch
      optionFilterProp="label"
      value={get('divisionId')}
      placeholder={t('outfalls.allTownships')}
      className="toolbar-select-narrow"
      onChange={(divisionId) => set({ divisionId })}
      options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
      data-testid="permits-township"
    />
  );
  const outfall = get('outfall');

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('permits.title')}</Typography.Title>
        <Space>
          {tab === 'permits' && can(Permission.PermitWrite) && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="permit-new">
              {t('permits.new')}
            </Button>
          )}
          {tab === 'schedules' && can(Permission.SupervisionConfigure) && (
            <Button type="primary" onClick={() => setCreatingSchedule(true)} data-testid="schedule-new">
              {t('permits.schedules.new')}
            </Button>
          )}
          {ledger.button}
        </Space>
      </div>
      {ledger.progress}
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate({ pathname: TAB_PATHS[key as PermitsTab] })}
        items={[
          { key: 'permits', label: t('permits.tabPermits') },
          { key: 'findings', label: t('permits.tabFindings') },
          { key: 'schedules', label: t('permits.tabSchedules') },
        ]}
        className="directory-tabs"
        data-testid="permits-tabs"
      />
      {tab === 'permits' && (
        <>
          <Space className="toolbar" wrap>
            <Input.Search
              allowClear
              defaultValue={get('q')}
              placeholder={t('permits.q')}
              onSearch={(q) => set({ q: q.trim() || undefined })}
              className="toolbar-select"
              data-testid="permits-q"
            />
            {township}
            <Select<PermitExpiry>
              allowClear
              value={permitFilter.expiry}
              placeholder={t('permits.filter.expiry')}
              className="toolbar-select-narrow"
              onChange={(expiry) => set({ expiry })}
              options={Object.values(PermitExpiry).map((value) => ({
                value,
                label: label(PERMIT_EXPIRY_LABELS, value),
              }))}
              data-testid="permits-expiry"
            />
          </Space>
          {permits.error ? (
            <ApiErrorAlert
              error={permits.error}
              title={t('common.loadError')}
              onRetry={() => void permits.refetch()}
            />
          ) : (
            <Table<Permit>
              size="small"
              rowKey="id"
              loading={permits.isFetching}
              dataSource={permits.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('permits.empty')} /> }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: permits.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (total) => t('common.total', { total }),
              }}
              onChange={pageAndSort(
                (next) => set({ page: next }),
                (next) => set({ sort: next }),
              )}
              data-testid="permits-table"
              columns={[
                {
                  title: t('permits.col.number'),
                  ...sortable(sort, 'permitNumber'),
                  render: (_, row) => (
                    <Typography.Link onClick={() => set({ permit: row.id, page })} data-testid="permit-open">
                      {row.permitNumber}
                    </Typography.Link>
                  ),
                },
                { title: t('permits.col.entity'), key: 'entity', render: (_, row) => row.entity.name },
                {
                  title: t('outfalls.col.township'),
                  key: 'township',
                  width: 110,
                  render: (_, row) => lookups.townshipName(row.entity.divisionId),
                },
                { title: t('permits.col.authority'), dataIndex: 'issuingAuthority', width: 200 },
                {
                  title: t('permits.col.validTo'),
                  width: 130,
                  ...sortable(sort ?? 'validTo', 'validTo'),
                  render: (_, row) => row.validTo,
                },
                {
                  title: t('permits.col.expiry'),
                  key: 'expiry',
                  width: 190,
                  render: (_, row) => <ExpiryTag expiry={row.expiry} daysLeft={row.daysLeft} />,
                },
                {
                  title: t('permits.col.outlets'),
                  key: 'outlets',
                  render: (_, row) =>
                    row.outlets
                      .map((outlet) => `${outlet.code}→${outlet.outfall?.localCode ?? ''}`)
                      .join('、'),
                },
              ]}
            />
          )}
        </>
      )}
      {tab === 'findings' && (
        <>
          <Space className="toolbar" wrap>
            {township}
            <Select<FindingKind>
              allowClear
              value={findingFilter.kind}
              placeholder={t('permits.findings.kind')}
              className="toolbar-select"
              onChange={(kind) => set({ kind })}
              options={Object.values(FindingKind).map((value) => ({
                value,
                label: label(FINDING_KIND_LABELS, value),
              }))}
              data-testid="findings-kind"
            />
            <Select<FindingStatus>
              allowClear
              value={findingFilter.status}
              placeholder={t('permits.findings.status')}
              className="toolbar-select-narrow"
              onChange={(status) => set({ status })}
              options={Object.values(FindingStatus).map((value) => ({
                value,
                label: label(FINDING_STATUS_LABELS, value),
              }))}
              data-testid="findings-status"
            />
            <div className="toolbar-select">
              <EntityPicker
                value={findingFilter.entityId}
                onChange={(entityId) => set({ entityId })}
                testId="findings-entity"
              />
            </div>
            <Select<string>
              allowClear
              value={findingFilter.indicatorCode}
              placeholder={t('monitoring.allIndicators')}
              className="toolbar-select-narrow"
              onChange={(indicatorCode) => set({ indicatorCode })}
              options={indicators.indicators.map((indicator) => ({
                value: indicator.code,
                label: indicators.name(indicator.code),
              }))}
              data-testid="findings-indicator"
            />
            <DatePicker.RangePicker
              value={[
                findingFilter.periodFrom ? dayjs(findingFilter.periodFrom) : null,
                findingFilter.periodTo ? dayjs(findingFilter.periodTo) : null,
              ]}
              placeholder={[t('permits.findings.periodRange'), t('permits.findings.periodRange')]}
              allowEmpty={[true, true]}
              onChange={(range) =>
                set({
                  periodFrom: range?.[0]?.format(DAY) ?? undefined,
                  periodTo: range?.[1]?.format(DAY) ?? undefined,
                })
              }
              data-testid="findings-period"
            />
            <Button type="link" onClick={() => setParams(new URLSearchParams())} data-testid="findings-reset">
              {t('common.reset')}
            </Button>
          </Space>
          <FindingsTable
            filter={findingFilter}
            page={page}
            sort={sort}
            onPage={(next) => set({ page: next })}
            onSort={(next) => set({ sort: next })}
            onOpenOutfall={(id) => set({ outfall: id, page })}
          />
        </>
      )}
      {tab === 'schedules' && (
        <>
          <Space className="toolbar" wrap>
            {township}
          </Space>
          <SchedulesTable divisionId={get('divisionId')} onOpenOutfall={(id) => set({ outfall: id, page })} />
        </>
      )}
      {creating && (
        <PermitFormModal
          onClose={() => setCreating(false)}
          onSaved={(permit) => {
            setCreating(false);
            set({ permit: permit.id, page });
          }}
        />
      )}
      {creatingSchedule && <ScheduleFormModal onClose={() => setCreatingSchedule(false)} />}
      {get('permit') && (
        <PermitDrawer id={get('permit') as string} onClose={() => set({ permit: undefined, page })} />
      )}
      {outfall && (
        <OutfallDrawer
          id={outfall}
          onClose={() => set({ outfall: undefined, page })}
          onOpen={(id) => set({ outfall: id, page })}
        />
      )}
    </>
  );
}
