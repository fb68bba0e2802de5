import { Permission } from '@outfall/shared-types';
import { Tabs, Typography } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useI18n } from '../../../i18n/i18n-context';
import { WebhooksTab } from '../webhooks/webhooks-tab';
import { ApiKeysTab } from './api-keys-tab';
import { UsersTab } from './users-tab';

/**
 * 账号与密钥: user accounts (/accounts/users), API keys (/accounts/api-keys) and their webhook subscriptions
 * (/accounts/webhooks), the last two for key managers only.
 */
export function AccountsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { tab } = useParams<{ tab?: string }>();
  const tabs = [
    { key: 'users', label: t('accounts.tab.users') },
    ...(can(Permission.ApiKeyManage)
      ? [
          { key: 'api-keys', label: t('accounts.tab.apiKeys') },
          { key: 'webhooks', label: t('accounts.tab.webhooks') },
        ]
      : []),
  ];
  if (!tabs.some((item) => item.key === tab)) return <Navigate to="/accounts/users" replace />;

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('accounts.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/accounts/${key}`)}
        items={tabs}
        data-testid="accounts-tabs"
      />
      {tab === 'users' ? (
        <UsersTab key="users" />
      ) : tab === 'webhooks' ? (
        <WebhooksTab key="webhooks" />
      ) : (
        <ApiKeysTab key="api-keys" />
      )}
    </>
  );
}
