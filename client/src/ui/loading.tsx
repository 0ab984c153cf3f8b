import { t } from '../i18n/i18n';
import { Button } from './button';
import { errorMessage } from '../api/errors';

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
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <section class="page-error" role="alert">
      <h1>{t('error.page_title')}</h1>
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <Button variant="primary" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </section>
  );
}
