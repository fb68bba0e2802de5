import { Button, Result } from 'antd';
import { useAuth } from '../../api/auth-context';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { useI18n } from '../../i18n/i18n-context';

/** Signed in, but `GET /auth/me` failed for a reason other than 401 (server down, network). */
export function AccountErrorPage() {
  const { t } = useI18n();
  const { error, retry, logout } = useAuth();
  return (
    <Result
      status="warning"
      title={t('header.accountFailed')}
      extra={[
        <Button key="retry" type="primary" onClick={retry}>
          {t('common.retry')}
        </Button>,
        <Button key="logout" onClick={logout}>
          {t('header.logout')}
        </Button>,
      ]}
    >
      <ApiErrorAlert error={error} />
    </Result>
  );
}
