import { Permission } from '@outfall/shared-types';
import { Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { DivisionsTab } from './divisions-tab';
import { FunctionZonesTab } from './function-zones-tab';
import { ProtectedAreasTab } from './protected-areas-tab';
import { SewerCoverageTab } from './sewer-coverage-tab';
import { StandardsTab } from './standards-tab';
import { WaterBodiesTab } from './water-bodies-tab';

interface TabDef {
  key: string;
  label: MessageKey;
  /** Reading the tab needs this besides directory access. */
  permission?: Permission;
  render(): ReactNode;
}

const TABS: TabDef[] = [
  { key: 'water-bodies', label: 'baseData.tab.waterBodies', render: () => <WaterBodiesTab /> },
  { key: 'function-zones', label: 'baseData.tab.functionZones', render: () => <FunctionZonesTab /> },
  { key: 'protected-areas', label: 'baseData.tab.protectedAreas', render: () => <ProtectedAreasTab /> },
  {
    key: 'divisions',
    label: 'baseData.tab.divisions',
    permission: Permission.OrgRead,
    render: () => <DivisionsTab />,
  },
  { key: 'sewer-coverage', label: 'baseData.tab.sewerCoverage', render: () => <SewerCoverageTab /> },
  { key: 'standards', label: 'baseData.tab.standards', render: () => <StandardsTab /> },
];

/** 基础数据: the reference layers and catalogues, one tab per URL (/base-data/water-bodies …). */
export function BaseDataPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { tab } = useParams<{ tab?: string }>();
  const tabs = TABS.filter((def) => !def.permission || can(def.permission));
  const active = tabs.find((def) => def.key === tab);
  if (!active) return <Navigate to={`/base-data/${tabs[0].key}`} replace />;

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('baseData.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={active.key}
        onChange={(key) => navigate(`/base-data/${key}`)}
        destroyOnHidden
        items={tabs.map((def) => ({ key: def.key, label: t(def.label) }))}
        data-testid="base-data-tabs"
      />
      <div key={active.key}>{active.render()}</div>
    </>
  );
}
