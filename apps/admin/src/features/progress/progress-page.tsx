import { Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ProgressOverview } from './components/progress-overview';
import { SnapshotList } from './components/snapshot-list';
import { TargetTable } from './components/target-table';
import { useI18n } from '../../i18n/i18n-context';
import { readProgressView, writeProgressView, type ProgressView } from './progress-url.util';

export type ProgressTab = 'progress' | 'snapshots' | 'targets';

const TAB_PATHS: Record<ProgressTab, string> = {
  progress: '/progress',
  snapshots: '/progress/snapshots',
  targets: '/progress/targets',
};

/**
 * 一季一调度: progress against the plan's targets as of any day (headline rates, breakdowns, forecast, overdue
 * lists), the frozen quarterly snapshots with the dispatch report, and the targets. The view lives in the URL.
 */
export function ProgressPage({ tab }: { tab: ProgressTab }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readProgressView(params), [params]);
  const show = (changes: Partial<ProgressView>) => setParams(writeProgressView({ ...view, ...changes }));

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('progress.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          // the as-of day and the breakdown travel between tabs; the snapshot list's paging does not
          const next = writeProgressView({ ...view, page: 1, snapshot: undefined, all: false });
          void navigate({ pathname: TAB_PATHS[key as ProgressTab], search: next.toString() });
        }}
        items={[
          { key: 'progress', label: t('progress.tabProgress') },
          { key: 'snapshots', label: t('progress.tabSnapshots') },
          { key: 'targets', label: t('progress.tabTargets') },
        ]}
        className="directory-tabs"
        data-testid="progress-tabs"
      />
      {tab === 'progress' && (
        <ProgressOverview
          asOf={view.asOf}
          by={view.by}
          sort={view.sort}
          forecastBy={view.forecastBy}
          onAsOf={(asOf) => show({ asOf })}
          onBy={(by) => show({ by, sort: undefined })}
          onSort={(sort) => show({ sort })}
          onForecastBy={(forecastBy) => show({ forecastBy })}
        />
      )}
      {tab === 'snapshots' && (
        <SnapshotList
          page={view.page}
          all={view.all}
          open={view.snapshot}
          onPage={(page) => show({ page })}
          onAll={(all) => show({ all, page: 1 })}
          onOpen={(snapshot) => show({ snapshot })}
        />
      )}
      {tab === 'targets' && <TargetTable />}
    </>
  );
}
