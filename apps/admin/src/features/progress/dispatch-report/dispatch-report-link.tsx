import { EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/i18n-context';

/** Opens the dispatch-report editor (narrative, next-quarter tasks, sign-off) of a snapshot. */
export function DispatchReportLink({ snapshotId }: { snapshotId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button
      size="small"
      icon={<EditOutlined />}
      onClick={() => void navigate(`/progress/snapshots/${snapshotId}/dispatch-report`)}
      data-testid="dispatch-report-open"
    >
      {t('dispatchReport.open')}
    </Button>
  );
}
