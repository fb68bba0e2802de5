import { Alert, Button, Typography } from 'antd';
import { errorMessage } from '../i18n/error-message.util';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  error: unknown;
  /** Overrides the title (the API's message then moves to the description). */
  title?: string;
  onRetry?: () => void;
  className?: string;
  'data-testid'?: string;
}

/** An API error as an alert: a localised title, the API's own message and the request id for support. */
export function ApiErrorAlert({ error, title, onRetry, className, 'data-testid': testId }: Props) {
  const i18n = useI18n();
  const message = errorMessage(error, i18n);
  const lines = [title ? message.title : undefined, message.detail].filter(Boolean);
  return (
    <Alert
      type="error"
      showIcon
      className={className}
      data-testid={testId}
      message={title ?? message.title}
      description={
        lines.length || message.requestId ? (
          <>
            {lines.map((line) => (
              <div key={line}>{line}</div>
            ))}
            {message.requestId && (
              <Typography.Text type="secondary" className="request-id">
                {i18n.t('common.requestId', { id: message.requestId })}
              </Typography.Text>
            )}
          </>
        ) : undefined
      }
      action={onRetry && <Button onClick={onRetry}>{i18n.t('common.retry')}</Button>}
    />
  );
}
