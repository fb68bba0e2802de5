import {
  EditOutlined,
  FileExcelOutlined,
  LinkOutlined,
  PhoneOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { ENTITY_KIND_LABELS, Permission, type EntityKind } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Button,
  Empty,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { listResponsibleEntities, startEntityExport, startEntityImport } from './api';
import type { EntityFilter, EntitySort, EntitySortKey, ResponsibleEntityRow } from './entities.types';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { DemoTag } from '../../shared/ui/demo-tag';
import { EntitiesFilterBar } from './components/entities-filter-bar';
import { ImportModal } from '../imports/components/import-modal';
import { JobProgress } from '../jobs/components/job-progress';
import { useI18n } from '../../i18n/i18n-context';
import { outfallsOfEntity } from '../outfalls/outfall-url.util';
import type { EditableEntity } from './entities.types';
import { EntityFormModal } from './entity-form-modal';
import { EntityLinkModal } from './entity-link-modal';

const PAGE_SIZE = 20;
/** What an entity import can change. */
const IMPORT_INVALIDATES = ['responsible-entities', 'audit'] as const;

type SortOrder = 'ascend' | 'descend' | null;

/** 责任主体清单: who answers for the outfalls, with their outfall counts and the 园区外多排口 flag. */
export function EntitiesPage() {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<EditableEntity | 'new' | null>(null);
  const [linking, setLinking] = useState<EditableEntity | null>(null);
  const writable = can(Permission.DirectoryWrite);
  const lookups = useDirectoryLookups();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<EntitySort | undefined>();
  const [filter, setFilter] = useState<EntityFilter>({});
  const entities = useQuery({
    queryKey: ['responsible-entities', 'list', { page, sort, ...filter }],
    queryFn: ({ signal }) =>
      listResponsibleEntities({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const exporting = useMutation({ mutationFn: startEntityExport });

  const orderOf = (key: EntitySortKey): SortOrder =>
    sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null;

  const columns: TableColumnsType<ResponsibleEntityRow> = [
    {
      title: t('entities.col.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: orderOf('name'),
      sortDirections: ['ascend', 'descend'],
      render: (name: string, entity) => (
        <>
          {name}
          {entity.demo && <DemoTag compact />}
          {entity.address && (
            <Typography.Text type="secondary" className="cell-note">
              {entity.address}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('entities.col.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 140,
      sorter: true,
      sortOrder: orderOf('kind'),
      sortDirections: ['ascend', 'descend'],
      render: (kind: EntityKind) => label(ENTITY_KIND_LABELS, kind),
    },
    {
      title: t('entities.col.creditCode'),
      dataIndex: 'creditCode',
      width: 180,
      render: (code: string | null) => code ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('entities.col.township'),
      key: 'township',
      width: 120,
      render: (_, entity) => lookups.townshipName(entity.divisionId),
    },
    {
      title: t('entities.col.contact'),
      key: 'contact',
      width: 150,
      render: (_, entity) =>
        entity.contactName || entity.contactPhone ? (
          <>
            {entity.contactName}
            {entity.contactPhone && (
              <Typography.Text type="secondary" className="cell-note">
                <PhoneOutlined /> {entity.contactPhone}
              </Typography.Text>
            )}
          </>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('entities.col.outfallCount'),
      dataIndex: 'outfallCount',
      width: 84,
      align: 'right',
      render: (count: number, entity) =>
        count > 0 ? (
          <Tooltip title={t('entities.showOutfalls')}>
            <Link to={outfallsOfEntity(entity.id)} data-testid="entity-outfalls">
              {count}
            </Link>
          </Tooltip>
        ) : (
          count
        ),
    },
    {
      title: t('entities.col.flags'),
      key: 'flags',
      width: 130,
      render: (_, entity) => (
        <Space size={[0, 4]} wrap>
          {entity.multipleOutfallsOutsidePark && (
            <Tooltip title={t('entities.multipleHint')}>
              <Tag color="volcano" data-testid="multiple-tag">
                {t('entities.multipleTag')}
              </Tag>
            </Tooltip>
          )}
          {entity.inIndustrialPark && <Tag color="cyan">{t('entities.parkTag')}</Tag>}
          {entity.fallbackForDivisionId && (
            <Tooltip title={t('entities.fallbackHint')}>
              <Tag color="gold">{t('outfall.fallback')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    ...(writable
      ? [
          {
            title: t('entityAdmin.actions'),
            key: 'actions',
            width: 190,
            render: (_: unknown, entity: ResponsibleEntityRow) => (
              <Space size={0}>
                <Button
                  type="link"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(entity)}
                  aria-label={t('entityAdmin.editOf', { name: entity.name })}
                  data-testid="entity-edit"
                >
                  {t('entityAdmin.edit')}
                </Button>
                <Button
                  type="link"
                  icon={<LinkOutlined />}
                  onClick={() => setLinking(entity)}
                  aria-label={t('entityAdmin.linkOf', { name: entity.name })}
                  data-testid="entity-link-open"
                >
                  {t('entityAdmin.link')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onChange: TableProps<ResponsibleEntityRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = single?.columnKey as EntitySortKey | undefined;
      setSort(key && single.order ? (single.order === 'descend' ? `-${key}` : key) : undefined);
      setPage(1);
    } else if (extra.action === 'paginate') {
      setPage(pagination.current ?? 1);
    }
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('entities.title')}</Typography.Title>
        <Space>
          <Button
            icon={<FileExcelOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate(filter)}
            data-testid="entities-export"
          >
            {t('outfalls.export')}
          </Button>
          {writable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="entity-new"
            >
              {t('entityAdmin.new')}
            </Button>
          )}
          {writable && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting(true)}
              data-testid="entities-import"
            >
              {t('outfalls.import')}
            </Button>
          )}
        </Space>
      </div>
      <EntitiesFilterBar
        filter={filter}
        lookups={lookups}
        showTownship={me?.jurisdiction.cityWide ?? false}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
      />
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
      {editing && (
        <EntityFormModal entity={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
      {linking && <EntityLinkModal entity={linking} onClose={() => setLinking(null)} />}
      {importing && (
        <ImportModal
          title={t('entities.importTitle')}
          start={startEntityImport}
          invalidates={IMPORT_INVALIDATES}
          onClose={() => setImporting(false)}
        />
      )}
      {entities.error ? (
        <ApiErrorAlert
          error={entities.error}
          title={t('common.loadError')}
          onRetry={() => void entities.refetch()}
        />
      ) : (
        <Table<ResponsibleEntityRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={entities.data?.items}
          loading={entities.isFetching}
          locale={{ emptyText: <Empty description={t('entities.empty')} /> }}
          onChange={onChange}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: entities.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="entities-table"
        />
      )}
    </>
  );
}
