import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError } from '../../api/api-error';
import { fetchMeta } from '../../api/auth.api';
import { useAuth } from '../../api/auth-context';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { useI18n } from '../../i18n/i18n-context';
import { DocumentTitle } from '../../layout/document-title';
import { LanguageSwitch } from '../../layout/language-switch';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const { login, expired } = useAuth();
  const meta = useQuery({
    queryKey: ['meta'],
    queryFn: ({ signal }) => fetchMeta(signal),
    staleTime: Infinity,
  });
  const submit = useMutation({
    mutationFn: ({ username, password }: Credentials) => login(username.trim(), password),
  });
  const tooMany = submit.error instanceof ApiError && submit.error.status === 429;

  return (
    <div className="login-page">
      <DocumentTitle />
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Typography.Title level={3} className="login-title">
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('app.city')} · {t('login.title')}
        </Typography.Paragraph>
        {meta.data?.demo && (
          <Alert
            type="info"
            showIcon
            message={t('login.demoHint')}
            className="login-alert"
            data-testid="demo-hint"
          />
        )}
        {expired && !submit.error && (
          <Alert type="warning" showIcon message={t('login.expired')} className="login-alert" />
        )}
        {submit.error && (
          <ApiErrorAlert
            error={submit.error}
            title={tooMany ? t('login.tooMany') : undefined}
            className="login-alert"
            data-testid="login-error"
          />
        )}
        <Form<Credentials>
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => submit.mutate(values)}
          disabled={submit.isPending}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={submit.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
