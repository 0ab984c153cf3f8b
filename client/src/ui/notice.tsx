import type { ComponentChildren } from 'preact';
import { errorMessage, type ClientErrorCode } from '../api/errors';
import type { MessageKey } from '../i18n/i18n';
import { t } from '../i18n/i18n';
import { Button } from './button';

type Tone = 'info' | 'success' | 'warning' | 'error';

/** A boxed message. Errors are announced at once (role=alert); others politely. */
export function Notice({ tone = 'info', title, children }: { tone?: Tone; title?: string; children?: ComponentChildren }) {
  return (
    <div class={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <strong class="notice-title">{title}</strong>}
      {children && <div>{children}</div>}
    </div>
  );
}

export function ErrorNotice({
  error,
  context,
  onRetry,
}: {
  error: unknown;
  context?: Partial<Record<ClientErrorCode, MessageKey>>;
  onRetry?: () => void;
}) {
  return (
    <Notice tone="error">
      <span>{errorMessage(error, context)}</span>
      {onRetry && (
        <Button size="sm" class="notice-action" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </Notice>
  );
}
