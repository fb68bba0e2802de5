import {
  DeleteOutlined,
  EditOutlined,
  FileExcelOutlined,
  PlusOutlined,
  SyncOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Permission, Role, SOURCE_LIST_KIND_LABELS, SourceListKind } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { ImportModal } from '../../imports/components/import-modal';
import { JobProgress } from '../../jobs/components/job-progress';
import { errorMessage } from '../../../i18n/error-message.util';
import { useI18n } from '../../../i18n/i18n-context';
import { SourceItemFormModal } from './source-item-form-modal';
import {
  deleteSourceItem,
  downloadSourceTemplate,
  listSourceItems,
  rematchSources,
  startSourceExport,
  startSourceImport,
  type SourceListFilter,
  type SourceListItemRow,
  type SourceListSortKey,
} from './source-lists.api';

const PAGE_SIZE = 20;
const INVALIDATES = ['source-lists', 'audit', 'responsible-entities'] as const;

/** One department list (enterprises, livestock or aquaculture farms): filters, sortable table, import, forms. */
export function SourceListTable({ kind }: { kind: SourceListKind }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const lookups = useDirectoryLookups();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>();
  const [filter, setFilter] = useState<SourceListFilter>({});
  const [importing, setImporting] = useState<'merge' | 'replace' | null>(null);
  const [editing, setEditing] = useState<SourceListItemRow | 'new' | null>(null);
  const writable = can(Permission.SourceListWrite);
  const keepsAll = me?.role === Role.EcologyBranch || me?.role === Role.SystemAdmin;
  const mayEdit = (item: SourceListItemRow) => writable && (keepsAll || item.ownerUnitId === me?.unit.id);
  const items = useQuery({
    queryKey: ['source-lists', 'list', kind, { page, sort, ...filter }],
    queryFn: ({ signal }) =>
      listSourceItems({ kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
  });
  const exporting = useMutation({ mutationFn: () => startSourceExport({ ...filter, kind }) });
  const remove = useMutation({
    mutationFn: deleteSourceItem,
    onSuccess: async () => {
      void message.success(t('sourceLists.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['source-lists'] });
    },
    onError: (error) => void message.error(errorMessage(error, i18n).title),
  });
  const rematch = useMutation({
    mutationFn: rematchSources,
    onSuccess: async (result) => {
      void message.success(
        t('sourceLists.rematched', {
          matched: result.matched,
          items: result.items,
          entities: result.entitiesUpdated,
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['source-lists'] });
    },
    onError: (error) => void message.error(errorMessage(error, i18n).title),
  });
  const update = (next: SourceListFilter) => {
    setFilter(next);
    setPage(1);
  };
  const orderOf = (key: SourceListSortKey): 'ascend' | 'descend' | null =>
    sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null;
  const sortable = (key: SourceListSortKey) => ({
    key,
    sorter: true,
    sortOrder: orderOf(key),
    sortDirections: ['ascend' as const, 'descend' as const],
  });
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const columns: TableColumnsType<SourceListItemRow> = [
    {
      title: t('sourceLists.col.name'),
      dataIndex: 'name',
      ...sortable('name'),
      render: (name: string, item) => (
        <>
          {name}
          {item.demo && <DemoTag compact />}
          {item.address && (
            <Typography.Text type="secondary" className="cell-note">
              {item.address}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('sourceLists.col.creditCode'),
      dataIndex: 'creditCode',
      width: 190,
      ...sortable('creditCode'),
      render: (code: string | null) => code ?? none,
    },
    ...(kind === SourceListKind.IndustrialEnterprise
      ? [
          {
            title: t('sourceLists.col.industryCode'),
            dataIndex: 'industryCode',
            width: 100,
            ...sortable('industryCode'),
          },
        ]
      : [{ title: t('sourceLists.col.species'), dataIndex: 'species', width: 100 }]),
    ...(kind === SourceListKind.LivestockFarm
      ? [
          {
            title: t('sourceLists.col.headCount'),
            dataIndex: 'headCount',
            width: 90,
            align: 'right' as const,
            ...sortable('headCount'),
          },
        ]
      : []),
    ...(kind === SourceListKind.AquacultureFarm
      ? [
          {
            title: t('sourceLists.col.areaMu'),
            dataIndex: 'areaMu',
            width: 110,
            align: 'right' as const,
            ...sortable('areaMu'),
          },
        ]
      : []),
    { title: t('sourceLists.col.owner'), dataIndex: 'ownerUnitName', width: 170 },
    {
      title: t('sourceLists.col.township'),
      dataIndex: 'divisionName',
      width: 110,
      render: (name: string | null) => name ?? none,
    },
    {
      title: t('sourceLists.col.matched'),
      key: 'matched',
      width: 170,
      render: (_, item) =>
        item.matched ? (
          <Tag color="green" data-testid="source-matched">
            {item.matchedEntityName ?? t('sourceLists.matched')}
          </Tag>
        ) : (
          <Tag data-testid="source-unmatched">{t('sourceLists.unmatched')}</Tag>
        ),
    },
    {
      title: t('sourceLists.col.actions'),
      key: 'actions',
      width: 110,
      render: (_, item) =>
        mayEdit(item) ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('sourceLists.edit')}
              onClick={() => setEditing(item)}
              data-testid="source-item-edit"
            />
            <Popconfirm
              title={t('sourceLists.deleteConfirm', { name: item.name })}
              onConfirm={() => remove.mutate(item.id)}
            >
              <Button
                type="link"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('sourceLists.delete')}
              />
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
  const onChange: TableProps<SourceListItemRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = single?.columnKey as SourceListSortKey | undefined;
      setSort(key && single.order ? (single.order === 'descend' ? `-${key}` : key) : undefined);
      setPage(1);
    } else if (extra.action === 'paginate') setPage(pagination.current ?? 1);
  };
  const kindLabel = label(SOURCE_LIST_KIND_LABELS, kind);
  return (
    <>
      <Space wrap className="toolbar" data-testid="source-list-filters">
        <Input.Search
          allowClear
          placeholder={t('sourceLists.filter.q')}
          onSearch={(q) => update({ ...filter, q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="source-list-q"
        />
        <Select
          allowClear
          placeholder={t('sourceLists.filter.owner')}
          style={{ width: 200 }}
          value={filter.ownerUnitId}
          onChange={(ownerUnitId?: string) => update({ ...filter, ownerUnitId })}
          options={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
        />
        {me?.jurisdiction.cityWide && (
          <Select
            allowClear
            placeholder={t('sourceLists.filter.township')}
            style={{ width: 150 }}
            value={filter.divisionId}
            onChange={(divisionId?: string) => update({ ...filter, divisionId })}
            options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
          />
        )}
        {kind === SourceListKind.IndustrialEnterprise && (
          <Input.Search
            allowClear
            placeholder={t('sourceLists.filter.industryCode')}
            style={{ width: 160 }}
            onSearch={(code) => update({ ...filter, industryCode: code.trim() || undefined })}
          />
        )}
        <Select
          allowClear
          placeholder={t('sourceLists.filter.matched')}
          style={{ width: 120 }}
          value={filter.matched === undefined ? undefined : String(filter.matched)}
          onChange={(value?: string) =>
            update({ ...filter, matched: value === undefined ? undefined : value === 'true' })
          }
          options={[
            { value: 'true', label: t('sourceLists.matched') },
            { value: 'false', label: t('sourceLists.unmatched') },
          ]}
          data-testid="source-list-matched"
        />
      </Space>
      <Space wrap className="section-alert">
        {writable && (
          <>
            <Button
              icon={<PlusOutlined />}
              type="primary"
              onClick={() => setEditing('new')}
              data-testid="source-item-add"
            >
              {t('sourceLists.add')}
            </Button>
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting('merge')}
              data-testid="source-list-import"
            >
              {t('sourceLists.import')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting('replace')}>
              {t('sourceLists.importReplace')}
            </Button>
            <Button icon={<SyncOutlined />} loading={rematch.isPending} onClick={() => rematch.mutate()}>
              {t('sourceLists.rematch')}
            </Button>
          </>
        )}
        <Button
          icon={<FileExcelOutlined />}
          loading={exporting.isPending}
          onClick={() => exporting.mutate()}
          data-testid="source-list-export"
        >
          {t('sourceLists.export')}
        </Button>
      </Space>
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
      {importing && (
        <ImportModal
          title={t(importing === 'replace' ? 'sourceLists.importReplaceTitle' : 'sourceLists.importTitle', {
            kind: kindLabel,
          })}
          start={(file, mode) => startSourceImport(kind, importing === 'replace', file, mode)}
          downloadTemplate={() => downloadSourceTemplate(kind)}
          invalidates={INVALIDATES}
          onClose={() => setImporting(null)}
        />
      )}
      {editing && (
        <SourceItemFormModal
          kind={kind}
          item={editing === 'new' ? null : editing}
          me={me}
          onClose={() => setEditing(null)}
        />
      )}
      {items.error ? (
        <ApiErrorAlert
          error={items.error}
          title={t('common.loadError')}
          onRetry={() => void items.refetch()}
        />
      ) : (
        <Table<SourceListItemRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items.data?.items}
          loading={items.isFetching}
          locale={{ emptyText: <Empty description={t('sourceLists.empty')} /> }}
          onChange={onChange}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: items.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="source-list-table"
        />
      )}
    </>
  );
}
