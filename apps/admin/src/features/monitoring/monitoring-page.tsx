import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { App, Button, Space, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import { downloadSampleTemplate, startMonitoringLedger, startSampleImport, useIndicators } from './api';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { MONITORING_LEDGER_KINDS, type MonitoringFilter } from './types';
import { ChronicTable, ExceedanceTable } from './components/exceedance-table';
import { ImportModal } from '../imports/components/import-modal';
import { useLedgerExport } from '../jobs/components/ledger-export';
import { MonitoringFilterBar } from './components/monitoring-filter-bar';
import { OutfallDrawer } from '../outfalls/components/outfall-drawer';
import { SampleFormModal } from './components/sample-form-modal';
import { SampleTable } from './components/sample-table';
import { useI18n } from '../../i18n/i18n-context';
import { readMonitoringView, writeMonitoringView, type MonitoringView } from './monitoring-url.util';

export type MonitoringTab = 'samples' | 'exceedances' | 'chronic';

const TAB_PATHS: Record<MonitoringTab, string> = {
  samples: '/monitoring',
  exceedances: '/monitoring/exceedances',
  chronic: '/monitoring/chronic',
};
/** What a sample import can change. */
const IMPORT_INVALIDATES = ['samples', 'exceedances', 'monitoring-status', 'outfalls'] as const;

/**
 * 监测: samples with their readings, exceeding readings and chronic exceedance, with the same filters kept in
 * the URL; entry of one sample and spreadsheet import for accounts that may write; the monitoring ledgers.
 */
export function MonitoringPage({ tab }: { tab: MonitoringTab }) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readMonitoringView(params), [params]);
  const lookups = useDirectoryLookups();
  const indicators = useIndicators();
  const [entering, setEntering] = useState(false);
  const [importing, setImporting] = useState(false);
  const ledger = useLedgerExport({
    label: t('monitoring.ledger'),
    kinds: MONITORING_LEDGER_KINDS.map((kind) => ({ kind, label: t(`monitoring.ledger.${kind}`) })),
    start: (kind) => startMonitoringLedger(kind, view.filter),
    testId: 'monitoring-ledger',
  });

  const show = (changes: Partial<MonitoringView>) => setParams(writeMonitoringView({ ...view, ...changes }));
  const filterTo = (filter: MonitoringFilter) => show({ filter, page: 1 });
  const open = (id: string | undefined) => show({ selected: id });
  const writable = can(Permission.MonitoringWrite);

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('monitoring.title')}</Typography.Title>
        <Space>
          {ledger.button}
          {writable && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="samples-import">
              {t('monitoring.import')}
            </Button>
          )}
          {writable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEntering(true)}
              data-testid="sample-create"
            >
              {t('monitoring.enter')}
            </Button>
          )}
        </Space>
      </div>
      <MonitoringFilterBar
        filter={view.filter}
        lookups={lookups}
        indicators={indicators}
        showTownship={me?.jurisdiction.cityWide ?? false}
        showExceeding={tab === 'samples'}
        onChange={filterTo}
      />
      {ledger.progress}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          // the sort belongs to the tab; the filters stay
          const next = writeMonitoringView({ ...view, page: 1, sort: undefined });
          void navigate({ pathname: TAB_PATHS[key as MonitoringTab], search: next.toString() });
        }}
        items={[
          { key: 'samples', label: t('monitoring.tabSamples') },
          { key: 'exceedances', label: t('monitoring.tabExceedances') },
          { key: 'chronic', label: t('monitoring.tabChronic') },
        ]}
        className="directory-tabs"
        data-testid="monitoring-tabs"
      />
      {tab === 'samples' && (
        <SampleTable
          filter={view.filter}
          page={view.page}
          sort={view.sort}
          lookups={lookups}
          indicators={indicators}
          onPage={(page) => show({ page })}
          onSort={(sort) => show({ sort, page: 1 })}
          onOpen={open}
        />
      )}
      {tab === 'exceedances' && (
        <ExceedanceTable
          filter={view.filter}
          page={view.page}
          sort={view.sort}
          indicators={indicators}
          onPage={(page) => show({ page })}
          onSort={(sort) => show({ sort, page: 1 })}
          onOpen={open}
        />
      )}
      {tab === 'chronic' && (
        <ChronicTable filter={view.filter} page={view.page} onPage={(page) => show({ page })} onOpen={open} />
      )}
      {view.selected && <OutfallDrawer id={view.selected} onClose={() => open(undefined)} onOpen={open} />}
      {importing && (
        <ImportModal
          title={t('monitoring.importTitle')}
          start={startSampleImport}
          downloadTemplate={downloadSampleTemplate}
          invalidates={IMPORT_INVALIDATES}
          onClose={() => setImporting(false)}
        />
      )}
      {entering && (
        <SampleFormModal
          onClose={() => setEntering(false)}
          onSaved={(sample) => {
            setEntering(false);
            void message.success(
              sample.exceeding
                ? t('sampleForm.savedExceeding', { count: sample.exceedingCount })
                : t('sampleForm.saved'),
            );
          }}
        />
      )}
    </>
  );
}
