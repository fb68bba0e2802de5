import {
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  CaseSource,
  CaseStatus,
  Permission,
  VIOLATION_KIND_LABELS,
  ViolationKind,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Input,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useLedgerExport } from '../../jobs/components/ledger-export';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { CaseDrawer } from './case-drawer';
import { OpenCaseModal } from './case-forms';
import { CaseStatusTag, OverdueTag, yuan } from './case-tags';
import { listCases, startCaseLedger, type CaseFilter, type EnforcementCaseRow } from './enforcement.api';

const PAGE_SIZE = 20;
const SORT_KEYS = ['registeredOn', 'caseNo', 'status', 'rectificationDeadline', 'penaltyAmount'];

/** The filters, page, sort and open case live in the URL (a shared link shows the same list). */
function readView(params: URLSearchParams) {
  const filter: CaseFilter = {
    kind: (params.get('kind') as ViolationKind) || undefined,
    status: (params.get('status') as CaseStatus) || undefined,
    source: (params.get('source') as CaseSource) || undefined,
    divisionId: params.get('divisionId') || undefined,
    outfallId: params.get('outfallId') || undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    q: params.get('q') || undefined,
  };
  const sortParam = params.get('sort') ?? undefined;
  const sort = sortParam && SORT_KEYS.includes(sortParam.replace(/^-/, '')) ? sortParam : undefined;
  return { filter, page: Number(params.get('page')) || 1, sort, case: params.get('case') ?? undefined };
}

type View = ReturnType<typeof readView>;

function writeView(view: View): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filter))
    if (value !== undefined && value !== '') next.set(key, String(value));
  if (view.page > 1) next.set('page', String(view.page));
  if (view.sort) next.set('sort', view.sort);
  if (view.case) next.set('case', view.case);
  return next;
}

/** 执法案件: the case list with filters, the detail drawer with the workflow, opening a case, the ledger. */
export function EnforcementPage() {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const lookups = useDirectoryLookups();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const [opening, setOpening] = useState(false);
  const show = (changes: Partial<View>) => setParams(writeView({ ...view, ...changes }));
  const filterTo = (changes: Partial<CaseFilter>) =>
    show({ filter: { ...view.filter, ...changes }, page: 1 });
  const apiSort = view.sort ?? '-registeredOn';
  const cases = useQuery({
    queryKey: ['enforcement', 'list', { page: view.page, sort: apiSort, ...view.filter }],
    queryFn: ({ signal }) =>
      listCases(
        { limit: PAGE_SIZE, offset: (view.page - 1) * PAGE_SIZE, sort: apiSort, ...view.filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const ledger = useLedgerExport({
    label: t('monitoring.ledger'),
    kinds: [{ kind: 'cases', label: t('enforcement.ledger') }],
    start: () => startCaseLedger(view.filter),
    testId: 'enforcement-ledger',
  });
  const columns: TableColumnsType<EnforcementCaseRow> = [
    {
      title: t('enforcement.col.caseNo'),
      dataIndex: 'caseNo',
      width: 130,
      ...sortable(apiSort, 'caseNo'),
      render: (caseNo: string, c) => (
        <Typography.Link onClick={() => show({ case: c.id })} data-testid="case-open">
          {caseNo}
        </Typography.Link>
      ),
    },
    {
      title: t('enforcement.col.registeredOn'),
      dataIndex: 'registeredOn',
      width: 120,
      ...sortable(apiSort, 'registeredOn'),
    },
    {
      title: t('enforcement.col.outfall'),
      key: 'outfall',
      render: (_, c) => (
        <>
          {c.outfallCode}
          <Typography.Text type="secondary" className="cell-note">
            {c.outfallName}
          </Typography.Text>
        </>
      ),
    },
    { title: t('enforcement.col.township'), dataIndex: 'divisionName', width: 110 },
    {
      title: t('enforcement.col.kind'),
      dataIndex: 'kind',
      width: 170,
      render: (kind: ViolationKind, c) =>
        label(VIOLATION_KIND_LABELS, kind) + (c.kindOther ? `：${c.kindOther}` : ''),
    },
    {
      title: t('enforcement.col.source'),
      dataIndex: 'source',
      width: 110,
      render: (source: CaseSource) => label(CASE_SOURCE_LABELS, source),
    },
    {
      title: t('enforcement.col.status'),
      dataIndex: 'status',
      width: 120,
      ...sortable(apiSort, 'status'),
      render: (status: CaseStatus) => <CaseStatusTag status={status} />,
    },
    {
      title: t('enforcement.col.deadline'),
      dataIndex: 'rectificationDeadline',
      width: 150,
      ...sortable(apiSort, 'rectificationDeadline'),
      render: (deadline: string | null, c) => (
        <>
          {deadline ?? '—'} {c.overdue && <OverdueTag />}
        </>
      ),
    },
    {
      title: t('enforcement.col.penalty'),
      dataIndex: 'penaltyAmount',
      width: 130,
      align: 'right',
      ...sortable(apiSort, 'penaltyAmount'),
      render: (amount: number | null) => yuan(amount),
    },
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('enforcement.title')}</Typography.Title>
        <Space>
          {can(Permission.EnforcementWrite) && (
            <Button type="primary" onClick={() => setOpening(true)} data-testid="case-new">
              {t('enforcement.openCase')}
            </Button>
          )}
          {ledger.button}
        </Space>
      </div>
      <Space wrap className="filter-bar" data-testid="case-filters">
        <Select
          allowClear
          placeholder={t('enforcement.filter.kind')}
          value={view.filter.kind}
          onChange={(kind) => filterTo({ kind })}
          style={{ width: 200 }}
          options={Object.values(ViolationKind).map((k) => ({
            value: k,
            label: label(VIOLATION_KIND_LABELS, k),
          }))}
          data-testid="filter-kind"
        />
        <Select
          allowClear
          placeholder={t('enforcement.filter.status')}
          value={view.filter.status}
          onChange={(status) => filterTo({ status })}
          style={{ width: 150 }}
          options={Object.values(CaseStatus).map((s) => ({ value: s, label: label(CASE_STATUS_LABELS, s) }))}
          data-testid="filter-status"
        />
        <Select
          allowClear
          placeholder={t('enforcement.filter.source')}
          value={view.filter.source}
          onChange={(source) => filterTo({ source })}
          style={{ width: 150 }}
          options={Object.values(CaseSource).map((s) => ({ value: s, label: label(CASE_SOURCE_LABELS, s) }))}
          data-testid="filter-source"
        />
        {(me?.jurisdiction.cityWide ?? false) && (
          <Select
            allowClear
            placeholder={t('enforcement.filter.township')}
            value={view.filter.divisionId}
            onChange={(divisionId) => filterTo({ divisionId })}
            style={{ width: 150 }}
            options={lookups.townships.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="filter-township"
          />
        )}
        <DatePicker.RangePicker
          placeholder={[t('enforcement.filter.period'), t('enforcement.filter.period')]}
          value={[
            view.filter.from ? dayjs(view.filter.from) : null,
            view.filter.to ? dayjs(view.filter.to) : null,
          ]}
          onChange={(range) =>
            filterTo({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
        />
        <Input.Search
          allowClear
          placeholder={t('enforcement.filter.q')}
          defaultValue={view.filter.q}
          onSearch={(q) => filterTo({ q: q || undefined })}
          style={{ width: 200 }}
          data-testid="filter-q"
        />
        <Checkbox
          checked={view.filter.overdue === true}
          onChange={(e) => filterTo({ overdue: e.target.checked ? true : undefined })}
          data-testid="filter-overdue"
        >
          {t('enforcement.filter.overdue')}
        </Checkbox>
        <Button onClick={() => show({ filter: {}, page: 1, sort: undefined })}>
          {t('enforcement.filter.reset')}
        </Button>
      </Space>
      {ledger.progress}
      {cases.error ? (
        <ApiErrorAlert
          error={cases.error}
          title={t('common.loadError')}
          onRetry={() => void cases.refetch()}
        />
      ) : (
        <Table<EnforcementCaseRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={cases.data?.items}
          loading={cases.isFetching}
          rowClassName={(c) => (c.overdue ? 'row-overdue' : '')}
          locale={{ emptyText: <Empty description={t('enforcement.empty')} /> }}
          onChange={pageAndSort<EnforcementCaseRow>(
            (page) => show({ page }),
            (sort) => show({ sort, page: 1 }),
          )}
          pagination={{
            current: view.page,
            pageSize: PAGE_SIZE,
            total: cases.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="cases-table"
        />
      )}
      {opening && (
        <OpenCaseModal
          onClose={() => setOpening(false)}
          onOpened={(c) => {
            setOpening(false);
            show({ case: c.id });
          }}
        />
      )}
      {view.case && <CaseDrawer id={view.case} onClose={() => show({ case: undefined })} />}
    </>
  );
}
