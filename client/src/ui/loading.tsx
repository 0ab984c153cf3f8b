import { t } from '../i18n/i18n';
import { Button } from './button';
import { errorMessage, type ClientErrorCode } from '../api/errors';
import type { MessageKey } from '../i18n/i18n';

export function Spinner({ label }: { label?: string }) {
  return (
    <span class="spinner-wrap" role="status">
      <span class="spinner" aria-hidden="true" />
      <span class="sr-only">{label ?? t('common.loading')}</span>
    </span>
  );
}

export function PageLoading() {
  return (
    <div class="page-loading">
      <Spinner />
    </div>
  );
}

/** A whole page could not load: say why and offer to try again. */
/** A malformed id in the address is, for the reader, a page that does not exist. */
const PAGE_CONTEXT: Partial<Record<ClientErrorCode, MessageKey>> = { invalid_input: 'error.not_found' };

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <section class="page-error" role="alert">
      <h1>{t('error.page_title')}</h1>
      <p>{errorMessage(error, PAGE_CONTEXT)}</p>
      {onRetry && (
        <Button variant="primary" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </section>
  );
}
