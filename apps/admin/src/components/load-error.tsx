import { Alert, Button } from 'antd';
import { useI18n } from '../i18n/i18n';

export function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      message={t('common.loadError')}
      description={error.message}
      action={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
