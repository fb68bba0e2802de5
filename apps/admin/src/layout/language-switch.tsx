import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n-context';

/** Toggles between Chinese and English; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      title={t('language.switchTitle')}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {t('language.switchTo')}
    </Button>
  );
}
