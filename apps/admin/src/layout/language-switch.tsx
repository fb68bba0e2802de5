import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n-context';

/** Toggles between Chinese and English; the choice is kept in localStorage. `compact`: the icon only (phones). */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      title={t('language.switchTitle')}
      aria-label={compact ? t('language.switchTitle') : undefined}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {!compact && t('language.switchTo')}
    </Button>
  );
}
