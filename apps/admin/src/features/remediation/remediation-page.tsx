import { Permission } from '@outfall/shared-types';
import { Button, Typography, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { startRemediationLedger } from './api';
import { REMEDIATION_LEDGER_KINDS } from './types';
import { DispositionTable } from './components/disposition-table';
import { useLedgerExport } from '../jobs/components/ledger-export';
import { OutfallDrawer } from '../outfalls/components/outfall-drawer';
import { OverdueSummary } from './components/overdue-summary';
import { PlanDrawer } from './components/plan-drawer';
import { PlanFormModal } from './components/plan-form-modal';
import { PlanTable } from './components/plan-table';
import { RemediationFilterBar } from './components/remediation-filter-bar';
import { useI18n } from '../../i18n/i18n-context';
import {
  readRemediationView,
  writeRemediationView,
  type RemediationFilter,
  type RemediationView,
} from './remediation-url.util';

export type RemediationTab = 'plans' | 'dispositions' | 'overdue';

const TAB_PATHS: Record<RemediationTab, string> = {
  plans: '/remediation',
  dispositions: '/remediation/dispositions',
  overdue: '/remediation/overdue',
};

/**
 * 整治: 一口一策 plans (filters in the URL, overdue highlighted) with a detail drawer and the workflow steps,
 * the 三个一批 dispositions with their suggestions and decisions, the overdue summary, and the ledgers.
 */
export function RemediationPage({ tab }: { tab: RemediationTab }) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const [drafting, setDrafting] = useState(false);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readRemediationView(params), [params]);
  const lookups = useDirectoryLookups();
  const { decided: _decided, ...planFilter } = view.filter;
  const ledger = useLedgerExport({
    label: t('monitoring.ledger'),
    kinds: REMEDIATION_LEDGER_KINDS.map((kind) => ({ kind, label: t(`remediation.ledger.${kind}`) })),
    start: (kind) => startRemediationLedger(kind, planFilter),
    testId: 'remediation-ledger',
  });
  const outfall = params.get('outfall') ?? undefined;

  const show = (changes: Partial<RemediationView>) =>
    setParams(writeRemediationView({ ...view, ...changes }));
  const filterTo = (filter: RemediationFilter) => show({ filter, page: 1 });
  const openOutfall = (id: string | undefined) => {
    const next = writeRemediationView(view);
    if (id) next.set('outfall', id);
    setParams(next);
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('remediation.title')}</Typography.Title>
        <Space>
          {tab === 'plans' && can(Permission.RemediationWrite) && (
            <Button type="primary" onClick={() => setDrafting(true)} data-testid="plan-new">
              {t('planForm.newAction')}
            </Button>
          )}
          {ledger.button}
        </Space>
      </div>
      {tab !== 'overdue' && (
        <RemediationFilterBar
          filter={view.filter}
          lookups={lookups}
          showTownship={me?.jurisdiction.cityWide ?? false}
          mode={tab === 'plans' ? 'plans' : 'dispositions'}
          onChange={filterTo}
        />
      )}
      {ledger.progress}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = writeRemediationView({ ...view, page: 1, sort: undefined, plan: undefined });
          void navigate({ pathname: TAB_PATHS[key as RemediationTab], search: next.toString() });
        }}
        items={[
          { key: 'plans', label: t('remediation.tabPlans') },
          { key: 'dispositions', label: t('remediation.tabDispositions') },
          { key: 'overdue', label: t('remediation.tabOverdue') },
        ]}
        className="directory-tabs"
        data-testid="remediation-tabs"
      />
      {tab === 'plans' && (
        <PlanTable
          filter={planFilter}
          page={view.page}
          sort={view.sort}
          lookups={lookups}
          onPage={(page) => show({ page })}
          onSort={(sort) => show({ sort, page: 1 })}
          onOpen={(plan) => show({ plan })}
        />
      )}
      {tab === 'dispositions' && (
        <DispositionTable
          filter={{
            divisionId: view.filter.divisionId,
            category: view.filter.category,
            decided: view.filter.decided,
          }}
          page={view.page}
          onPage={(page) => show({ page })}
          onOpenOutfall={openOutfall}
          onOpenPlan={(plan) =>
            void navigate({
              pathname: TAB_PATHS.plans,
              search: writeRemediationView({ ...view, page: 1, plan }).toString(),
            })
          }
        />
      )}
      {tab === 'overdue' && (
        <OverdueSummary
          by={view.by}
          onBy={(by) => show({ by })}
          onShow={(by, id) => {
            const filter: RemediationFilter =
              by === 'unit' ? { responsibleUnitId: id, overdue: true } : { divisionId: id, overdue: true };
            void navigate({
              pathname: TAB_PATHS.plans,
              search: writeRemediationView({ filter, page: 1, by: 'unit' }).toString(),
            });
          }}
        />
      )}
      {drafting && (
        <PlanFormModal
          onClose={() => setDrafting(false)}
          onSaved={(plan) => {
            setDrafting(false);
            show({ plan: plan.id });
          }}
        />
      )}
      {view.plan && <PlanDrawer id={view.plan} onClose={() => show({ plan: undefined })} />}
      {outfall && <OutfallDrawer id={outfall} onClose={() => openOutfall(undefined)} onOpen={openOutfall} />}
    </>
  );
}
