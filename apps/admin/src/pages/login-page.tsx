import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../api/auth';
import { api, ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/language-switch';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const meta = useQuery({ queryKey: ['meta'], queryFn: () => api<{ demo: boolean }>('GET', '/api/v1/meta') });

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username, values.password);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(t('login.tooMany'));
      else setError(e instanceof ApiError ? e.message : t('login.failed'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Typography.Title level={3}>{t('app.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('app.subtitle')} · {t('login.title')}
        </Typography.Paragraph>
        {meta.data?.demo && (
          <Alert type="info" showIcon message={t('login.demoHint')} className="login-hint" />
        )}
        {error && (
          <Alert type="error" showIcon message={error} className="login-hint" data-testid="login-error" />
        )}
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.required.username') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.required.password') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
