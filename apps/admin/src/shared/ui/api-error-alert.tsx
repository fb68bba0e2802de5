import { Alert, Button, Typography } from 'antd';
import { errorMessage } from '../../i18n/error-message.util';
import { useI18n } from '../../i18n/i18n-context';

interface Props {
  error: unknown;
  /** Overrides the title (the API's message then moves to the description). */
  title?: string;
  onRetry?: () => void;
  className?: string;
  'data-testid'?: string;
}

/**
 * An API error as an alert: a localised title, then (English mode) the API's own message, and the request id
 * for support. In Chinese mode the API's English text is folded into a closed "original message" detail, so
 * no English reaches the reader unless they open it.
 */
export function ApiErrorAlert({ error, title, onRetry, className, 'data-testid': testId }: Props) {
  const i18n = useI18n();
  const message = errorMessage(error, i18n);
  const lines = [title ? message.title : undefined, message.detail].filter(Boolean);
  const hasDescription = lines.length > 0 || !!message.requestId || !!message.original;
  return (
    <Alert
      type="error"
      showIcon
      className={className}
      data-testid={testId}
      message={title ?? message.title}
      description={
        hasDescription ? (
          <>
            {lines.map((line) => (
              <div key={line}>{line}</div>
            ))}
            {message.requestId && (
              <Typography.Text type="secondary" className="request-id">
                {i18n.t('common.requestId', { id: message.requestId })}
              </Typography.Text>
            )}
            {message.original && (
              <details className="error-original" data-testid="error-original">
                <summary>{i18n.t('error.original')}</summary>
                <span lang="en">{message.original}</span>
              </details>
            )}
          </>
        ) : undefined
      }
      action={onRetry && <Button onClick={onRetry}>{i18n.t('common.retry')}</Button>}
    />
  );
}
