import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { SIGN_FIELD_LABELS, type SignField } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Button,
  Empty,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobProgress } from '../../jobs/components/job-progress';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { openSignSheets } from '../../public/public-portal/public-portal.api';
import { listSigns, startSignLedger, type SignFilter, type SignSort, type SignView } from './signage.api';

const PAGE_SIZE = 20;

const boolOf = (value: string | undefined) =>
  value === 'true' ? true : value === 'false' ? false : undefined;

/** 标识牌台账: every sign in the jurisdiction, filtered by installation, content state and township. */
export function SignsPage() {
  const { t, label } = useI18n();
  const lookups = useDirectoryLookups();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<SignSort | undefined>(undefined);
  const [filter, setFilter] = useState<SignFilter>({});
  const change = (next: Partial<SignFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const signs = useQuery({
    queryKey: ['signs', 'list', { page, sort, ...filter }],
    queryFn: ({ signal }) =>
      listSigns({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const ledger = useMutation({ mutationFn: () => startSignLedger(filter) });

  const columns: TableColumnsType<SignView> = [
    {
      title: t('signage.field.outfallCode'),
      dataIndex: 'localCode',
      ...sortable(sort, 'localCode'),
      render: (code: string, row) => (
        <Space direction="vertical" size={0}>
          <span data-testid="sign-row-code">{code}</span>
          {row.outfallCode !== code && <Typography.Text type="secondary">{row.outfallCode}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('signage.field.outfallName'), dataIndex: 'outfallName' },
    { title: t('signage.field.division'), dataIndex: 'divisionName' },
    { title: t('signage.field.entityName'), dataIndex: 'entityName' },
    { title: t('signage.field.receivingWater'), dataIndex: 'receivingWater' },
    {
      title: t('signage.field.supervisingPhone'),
      dataIndex: 'supervisingPhone',
    },
    {
      title: t('signage.field.installed'),
      dataIndex: 'installedOn',
      ...sortable(sort, 'installedOn'),
      render: (_: string | null, row) =>
        row.installed ? (
          <Tag color="green">
            {t('signage.installed')} {row.installedOn}
          </Tag>
        ) : (
          <Tag>{t('signage.notInstalled')}</Tag>
        ),
    },
    {
      title: t('signage.field.status'),
      key: 'outdated',
      render: (_, row) =>
        row.outdated ? (
          <Tooltip title={row.outdatedFields.map((f) => label(SIGN_FIELD_LABELS, f as SignField)).join('、')}>
            <Tag color="orange" data-testid="sign-row-outdated">
              {t('signage.outdated')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="blue">{t('signage.current')}</Tag>
        ),
    },
    {
      title: '',
      key: 'print',
      render: (_, row) => (
        <Tooltip title={t('publicPortal.admin.printOne')}>
          <Button
            size="small"
            icon={<PrinterOutlined />}
            onClick={() => void openSignSheets({ outfallIds: [row.outfallId] })}
            data-testid="sign-row-print"
          />
        </Tooltip>
      ),
    },
  ];

  const yesNo = (yes: string, no: string) => [
    { value: 'true', label: yes },
    { value: 'false', label: no },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('signage.title')}</Typography.Title>
      <Space wrap className="section-alert">
        <Select
          allowClear
          placeholder={t('signage.filter.installed')}
          style={{ width: 140 }}
          options={yesNo(t('signage.installed'), t('signage.notInstalled'))}
          onChange={(value?: string) => change({ installed: boolOf(value) })}
          data-testid="sign-filter-installed"
        />
        <Select
          allowClear
          placeholder={t('signage.filter.outdated')}
          style={{ width: 160 }}
          options={yesNo(t('signage.outdated'), t('signage.current'))}
          onChange={(value?: string) => change({ outdated: boolOf(value) })}
          data-testid="sign-filter-outdated"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('signage.filter.township')}
          style={{ width: 160 }}
          options={lookups.townships.map((d) => ({ value: d.id, label: d.name }))}
          onChange={(value?: string) => change({ divisionId: value })}
          data-testid="sign-filter-township"
        />
        <Input.Search
          allowClear
          placeholder={t('signage.filter.q')}
          style={{ width: 200 }}
          onSearch={(value) => change({ q: value || undefined })}
          data-testid="sign-filter-q"
        />
        <Button
          icon={<FileExcelOutlined />}
          loading={ledger.isPending}
          onClick={() => ledger.mutate()}
          data-testid="sign-ledger"
        >
          {t('signage.export')}
        </Button>
      </Space>
      {ledger.error && <ApiErrorAlert error={ledger.error} className="section-alert" />}
      {ledger.data && (
        <div className="section-alert">
          <JobProgress key={ledger.data.id} jobId={ledger.data.id} />
        </div>
      )}
      {signs.error ? (
        <ApiErrorAlert
          error={signs.error}
          title={t('common.loadError')}
          onRetry={() => void signs.refetch()}
        />
      ) : (
        <Table<SignView>
          rowKey="id"
          columns={columns}
          dataSource={signs.data?.items}
          loading={signs.isFetching}
          locale={{ emptyText: <Empty description={t('signage.empty')} /> }}
          onChange={pageAndSort<SignView>(setPage, (next) => setSort(next as SignSort | undefined))}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: signs.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="signs-table"
        />
      )}
    </>
  );
}
