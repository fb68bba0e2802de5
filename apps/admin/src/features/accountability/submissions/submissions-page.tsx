import { Permission } from '@outfall/shared-types';
import { Tabs, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useI18n } from '../../../i18n/i18n-context';
import { ArchiveTab } from './archive-tab';
import { AssessmentTab } from './assessment-tab';
import { NoticesTab } from './notices-tab';
import { PackagesTab } from './packages-tab';
import { SubmissionsTab } from './submissions-tab';

export type AccountabilityTab = 'notices' | 'submissions' | 'assessment' | 'archive' | 'packages';

const PATHS: Record<AccountabilityTab, string> = {
  notices: '/accountability',
  submissions: '/accountability/submissions',
  assessment: '/accountability/assessment',
  archive: '/accountability/archive',
  packages: '/accountability/packages',
};

function endedQuarters(n: number): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++, q--) {
    if (q === 0) {
      year -= 1;
      q = 4;
    }
    out.push(`${year}Q${q}`);
  }
  return out;
}

/** 督办、信息报送与考核: notices, quarterly submissions, assessment, archive completeness and upward packages. */
export function SubmissionsPage({ tab }: { tab: AccountabilityTab }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const items = [
    { key: 'notices', label: t('submissions.tab.notices'), children: <NoticesTab /> },
    { key: 'submissions', label: t('submissions.tab.submissions'), children: <SubmissionsTab /> },
    { key: 'assessment', label: t('submissions.tab.assessment'), children: <AssessmentTab /> },
    ...(can(Permission.DirectoryRead)
      ? [{ key: 'archive', label: t('submissions.tab.archive'), children: <ArchiveTab /> }]
      : []),
    ...(can(Permission.AccountabilityManage)
      ? [
          {
            key: 'packages',
            label: t('submissions.tab.packages'),
            children: <PackagesTab quarters={endedQuarters(4)} />,
          },
        ]
      : []),
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('submissions.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        destroyInactiveTabPane
        items={items}
        onChange={(key) => void navigate(PATHS[key as AccountabilityTab])}
      />
    </>
  );
}
