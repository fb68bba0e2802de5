import { Button, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/** 会话即将过期: shown shortly before the token expires when the user was idle; 继续 renews, 退出 signs out. */
export function SessionExpiryModal({
  expiresAt,
  onContinue,
  onLogout,
}: {
  expiresAt: number;
  onContinue(): Promise<void>;
  onLogout(): void;
}) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((expiresAt - now) / 1000));
  const remaining = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <Modal
      open
      title={t('session.expiring.title')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      data-testid="session-expiry"
      footer={[
        <Button key="logout" onClick={onLogout} data-testid="session-logout">
          {t('session.expiring.logout')}
        </Button>,
        <Button
          key="continue"
          type="primary"
          loading={busy}
          data-testid="session-continue"
          onClick={() => {
            setBusy(true);
            void onContinue().finally(() => setBusy(false));
          }}
        >
          {t('session.expiring.continue')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('session.expiring.body', { remaining })}</Typography.Paragraph>
    </Modal>
  );
}
