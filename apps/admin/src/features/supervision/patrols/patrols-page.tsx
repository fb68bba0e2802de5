import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { useMutation } from '@tanstack/react-query';
import { Button, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobProgress } from '../../jobs/components/job-progress';
import { useI18n } from '../../../i18n/i18n-context';
import { PatrolFilterBar, PatrolList, type PatrolListState } from './patrol-list';
import { PatrolRules } from './patrol-rules';
import { PatrolSchedules } from './patrol-schedules';
import { startPatrolLedger } from './patrols.api';
import './patrols.css';

export type PatrolsTab = 'list' | 'schedules' | 'rules';

const TAB_PATHS: Record<PatrolsTab, string> = {
  list: '/patrols',
  schedules: '/patrols/schedules',
  rules: '/patrols/rules',
};

/** 长效监管巡查: the patrol records (filters, ledger), the schedules with overdue per unit, the rules. */
export function PatrolsPage({ tab }: { tab: PatrolsTab }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [list, setList] = useState<PatrolListState>({ filter: {}, page: 1 });
  const ledger = useMutation({ mutationFn: () => startPatrolLedger(list.filter) });
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('patrols.title')}</Typography.Title>
        <Space wrap>
          {can(Permission.PatrolWrite) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/patrols/new')}
              data-testid="patrol-new"
            >
              {t('patrols.new')}
            </Button>
          )}
          {tab === 'list' && (
            <Button
              icon={<FileExcelOutlined />}
              loading={ledger.isPending}
              onClick={() => ledger.mutate()}
              data-testid="patrol-ledger"
            >
              {t('patrols.ledger')}
            </Button>
          )}
        </Space>
      </div>
      {ledger.error && <ApiErrorAlert error={ledger.error} className="section-alert" />}
      {ledger.data && (
        <div className="section-alert">
          <JobProgress key={ledger.data.id} jobId={ledger.data.id} />
        </div>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(TAB_PATHS[key as PatrolsTab])}
        items={[
          { key: 'list', label: t('patrols.tabList') },
          { key: 'schedules', label: t('patrols.tabSchedules') },
          { key: 'rules', label: t('patrols.tabRules') },
        ]}
        className="directory-tabs"
        data-testid="patrol-tabs"
      />
      {tab === 'list' && (
        <>
          <PatrolFilterBar
            filter={list.filter}
            onChange={(filter) => setList({ ...list, filter, page: 1 })}
          />
          <PatrolList state={list} onChange={setList} />
        </>
      )}
      {tab === 'schedules' && <PatrolSchedules />}
      {tab === 'rules' && <PatrolRules />}
    </>
  );
}
