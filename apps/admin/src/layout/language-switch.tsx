import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {t('app.language')}
    </Button>
  );
}
