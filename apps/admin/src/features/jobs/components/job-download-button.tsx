import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { downloadJobFile } from '../api';
import type { JobRow } from '../types';
import { errorMessage } from '../../../i18n/error-message.util';
import { useI18n } from '../../../i18n/i18n-context';

/** Downloads a finished job's file with the bearer token (a plain link would carry no token). */
export function JobDownloadButton({ job, testId }: { job: JobRow; testId?: string }) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadJobFile(job);
    } catch (error) {
      void message.error(`${i18n.t('common.downloadFailed')}: ${errorMessage(error, i18n).title}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()} data-testid={testId}>
      {i18n.t('jobs.download')}
    </Button>
  );
}
