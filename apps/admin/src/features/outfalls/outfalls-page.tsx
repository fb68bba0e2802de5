import { FileExcelOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import {
  downloadBackEntryTemplate,
  downloadOutfallTemplate,
  startBackEntryImport,
  startOutfallExport,
  startOutfallImport,
} from './api';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { getResponsibleEntity } from '../entities/api';
import type { OutfallFilter } from './types';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { ImportModal } from '../imports/components/import-modal';
import { JobProgress } from '../jobs/components/job-progress';
import { OutfallDrawer } from './components/outfall-drawer';
import { OutfallFilterBar } from './components/outfall-filter-bar';
import { OutfallFormModal } from './components/outfall-form-modal';
import { OutfallTable } from './components/outfall-table';
import { useI18n } from '../../i18n/i18n-context';
import { readOutfallView, writeOutfallView, type OutfallView } from './outfall-url.util';

/** OpenLayers is its own chunk: loaded when the map tab first opens. */
const OutfallMap = lazy(() =>
  import('../map/components/outfall-map').then((module) => ({ default: module.OutfallMap })),
);

export type DirectoryTab = 'list' | 'map';

const TAB_PATHS: Record<DirectoryTab, string> = { list: '/outfalls', map: '/outfalls/map' };
/** What an import can change. */
const IMPORT_INVALIDATES = ['outfalls', 'responsible-entities', 'audit'] as const;
/** What a bulk back-entry can change. */
const BACK_ENTRY_INVALIDATES = ['outfalls', 'remediation', 'progress', 'audit'] as const;

/**
 * 排污口名录: the filtered directory as a table or a map (same filters, kept in the URL), a detail drawer,
 * registration and spreadsheet import for accounts that may write, and an XLSX export of what is filtered.
 */
export function OutfallsPage({ tab }: { tab: DirectoryTab }) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readOutfallView(params), [params]);
  const lookups = useDirectoryLookups();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [backEntering, setBackEntering] = useState(false);
  const exporting = useMutation({ mutationFn: startOutfallExport });

  const show = (changes: Partial<OutfallView>) => setParams(writeOutfallView({ ...view, ...changes }));
  const filterTo = (filter: OutfallFilter) => show({ filter, page: 1 });
  const open = (id: string | undefined) => show({ selected: id });

  // the directory filtered to one responsible entity (a link from the entity list) names it
  const entity = useQuery({
    queryKey: ['responsible-entities', 'one', view.filter.entityId],
    queryFn: ({ signal }) => getResponsibleEntity(view.filter.entityId ?? '', signal),
    enabled: !!view.filter.entityId,
  });

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('outfalls.title')}</Typography.Title>
        <Space>
          <Button
            icon={<FileExcelOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate(view.filter)}
            data-testid="outfalls-export"
          >
            {t('outfalls.export')}
          </Button>
          {can(Permission.DirectoryWrite) && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting(true)}
              data-testid="outfalls-import"
            >
              {t('outfalls.import')}
            </Button>
          )}
          {can(Permission.Approve) && (
            <Button
              icon={<HistoryOutlined />}
              onClick={() => setBackEntering(true)}
              data-testid="outfalls-back-entry"
            >
              {t('backEntry.bulk')}
            </Button>
          )}
          {can(Permission.DirectoryWrite) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="outfalls-create"
            >
              {t('outfalls.create')}
            </Button>
          )}
        </Space>
      </div>
      <OutfallFilterBar
        filter={view.filter}
        lookups={lookups}
        showTownship={me?.jurisdiction.cityWide ?? false}
        onChange={filterTo}
      />
      {view.filter.entityId && (
        <div className="toolbar">
          <Tag
            closable
            color="blue"
            onClose={() => filterTo({ ...view.filter, entityId: undefined })}
            data-testid="entity-filter"
          >
            {t('outfalls.entityFilter', { name: entity.data?.name ?? '…' })}
          </Tag>
        </div>
      )}
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          void navigate({ pathname: TAB_PATHS[key as DirectoryTab], search: params.toString() })
        }
        items={[
          { key: 'list', label: t('outfalls.tabList') },
          { key: 'map', label: t('outfalls.tabMap') },
        ]}
        className="directory-tabs"
        data-testid="directory-tabs"
      />
      {tab === 'list' ? (
        <OutfallTable
          filter={view.filter}
          page={view.page}
          sort={view.sort}
          lookups={lookups}
          onPage={(page) => show({ page })}
          onSort={(sort) => show({ sort, page: 1 })}
          onOpen={open}
        />
      ) : (
        <Suspense
          fallback={
            <div className="map-loading">
              <Spin />
            </div>
          }
        >
          <OutfallMap filter={view.filter} onOpen={open} />
        </Suspense>
      )}
      {view.selected && <OutfallDrawer id={view.selected} onClose={() => open(undefined)} onOpen={open} />}
      {importing && (
        <ImportModal
          title={t('outfalls.importTitle')}
          start={startOutfallImport}
          downloadTemplate={downloadOutfallTemplate}
          invalidates={IMPORT_INVALIDATES}
          onClose={() => setImporting(false)}
        />
      )}
      {backEntering && (
        <ImportModal
          title={t('backEntry.bulkTitle')}
          start={startBackEntryImport}
          downloadTemplate={downloadBackEntryTemplate}
          invalidates={BACK_ENTRY_INVALIDATES}
          onClose={() => setBackEntering(false)}
        />
      )}
      {creating && (
        <OutfallFormModal
          outfall={null}
          onClose={() => setCreating(false)}
          onSaved={(created) => {
            setCreating(false);
            void message.success(t('outfalls.created', { code: created.localCode }));
            open(created.id);
          }}
        />
      )}
    </>
  );
}
