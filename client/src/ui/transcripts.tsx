import { useState } from 'preact/hooks';
import { LANG_NAMES } from '../../../common/base';
import { CAPTIONS_ROUTES } from '../../../common/captions.contract';
import { errorMessage } from '../api/errors';
import { http } from '../api/http';
import { t } from '../i18n/i18n';
import { useAsync } from '../state/use-async';
import { Switch } from './field';
import { toast } from './toast';

/**
 * A session's caption transcripts: WebVTT and text per language, and for organizers the switch
 * that publishes them. Shows nothing to others until they are published (the server says 403).
 */
export function TranscriptsRow({ sessionId, canPublish }: { sessionId: string; canPublish: boolean }) {
  const view = useAsync(() => http.call(CAPTIONS_ROUTES.transcripts, { params: { sessionId } }), [sessionId]);
  const [busy, setBusy] = useState(false);
  if (view.status !== 'ready' || view.data.languages.length === 0) return null;
  const v = view.data;
  const publish = async (published: boolean) => {
    setBusy(true);
    try {
      view.set(await http.call(CAPTIONS_ROUTES.publish, { params: { sessionId }, body: { published } }));
      toast(published ? t('transcripts.published_now') : t('transcripts.withdrawn_now'), 'success');
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="transcripts">
      <p class="small">
        <strong>{t('transcripts.title')}</strong>{' '}
        {v.languages.map((l) => (
          <span key={l.lang} class="transcript-lang" lang={l.lang}>
            {LANG_NAMES[l.lang]}:{' '}
            <a href={http.href(CAPTIONS_ROUTES.transcript, { params: { sessionId, lang: l.lang, format: 'vtt' } })} download>
              VTT
            </a>{' '}
            <a href={http.href(CAPTIONS_ROUTES.transcript, { params: { sessionId, lang: l.lang, format: 'txt' } })} download>
              TXT
            </a>{' '}
          </span>
        ))}
      </p>
      {canPublish && <Switch label={t('transcripts.published')} hint={v.published ? t('transcripts.published_hint') : t('transcripts.unpublished_hint')} checked={v.published} disabled={busy} onChange={(p) => void publish(p)} />}
    </div>
  );
}
