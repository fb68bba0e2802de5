import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';

interface Props {
  title: string;
  /** The secret itself: shown here once, never again. */
  secret: string;
  /** What to say besides "copy it now" (e.g. until when the previous secret works). */
  extra?: ReactNode;
  onClose(): void;
  testId: string;
}

/** Shows a secret that the API returns once (a new API key, a rotated key, a webhook signing secret). */
export function SecretOnceModal({ title, secret, extra, onClose, testId }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Modal
      open
      title={title}
      okText={t('accounts.key.secretDone')}
      cancelButtonProps={{ style: { display: 'none' } }}
      onOk={onClose}
      onCancel={onClose}
      maskClosable={false}
      data-testid={testId}
    >
      <Alert type="warning" showIcon className="form-alert" message={t('accounts.key.secretOnce')} />
      {extra}
      <Space.Compact className="full-width">
        <Input
          readOnly
          value={secret}
          aria-label={t('accounts.key.secret')}
          data-testid={`${testId}-value`}
        />
        <Button
          icon={<CopyOutlined />}
          onClick={() =>
            void navigator.clipboard
              ?.writeText(secret)
              .then(() => message.success(t('accounts.key.copied')))
              .catch(() => undefined)
          }
        >
          {t('accounts.key.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
