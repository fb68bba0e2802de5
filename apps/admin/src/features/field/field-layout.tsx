import { LeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n-context';
import './field.css';

/** The phone frame of field mode: a slim header (back, title, the desktop console) and one column. */
export function FieldLayout({
  title,
  back,
  children,
}: {
  title: string;
  back?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="field-layout" data-testid="field-layout">
      <header className="field-header">
        {back && (
          <Button
            type="link"
            icon={<LeftOutlined />}
            aria-label={t('fieldMode.back')}
            onClick={() => void navigate(back)}
            data-testid="field-back"
          />
        )}
        <h1>{title}</h1>
        <Link to="/">{t('fieldMode.console')}</Link>
      </header>
      <main className="field-main">{children}</main>
    </div>
  );
}
