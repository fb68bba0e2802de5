import { SourceListKind } from '@outfall/shared-types';
import { Tabs, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/i18n-context';
import { SourceListTable } from './source-list-table';
import { WaterBasinTab } from './water-basin-tab';

export type SourceListsTab = SourceListKind | 'waters';

export const SOURCE_LISTS_TAB_PATHS: Record<SourceListsTab, string> = {
  [SourceListKind.IndustrialEnterprise]: '/source-lists',
  [SourceListKind.LivestockFarm]: '/source-lists/livestock',
  [SourceListKind.AquacultureFarm]: '/source-lists/aquaculture',
  waters: '/source-lists/waters',
};

/** 部门基础清单: the departments' enterprise and farm lists, and the water bureau's basin data. */
export function SourceListsPage({ tab }: { tab: SourceListsTab }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3}>{t('sourceLists.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('sourceLists.subtitle')}</Typography.Text>
        </div>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(SOURCE_LISTS_TAB_PATHS[key as SourceListsTab])}
        items={(Object.keys(SOURCE_LISTS_TAB_PATHS) as SourceListsTab[]).map((key) => ({
          key,
          label: <span data-testid={`source-lists-tab-${key}`}>{t(`sourceLists.tab.${key}`)}</span>,
        }))}
        className="directory-tabs"
        data-testid="source-lists-tabs"
      />
      {tab === 'waters' ? <WaterBasinTab /> : <SourceListTable key={tab} kind={tab} />}
    </>
  );
}
