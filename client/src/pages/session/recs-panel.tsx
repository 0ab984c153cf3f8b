import { useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import { REC_TEXT_MAX, type RecView } from '../../../../common/recs.contract';
import { errorMessage } from '../../api/errors';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import { openRecs, type RecsModel } from '../../live/recs-model';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Select, TextArea, TextField } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { LangTag } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { Downloads, usePublished } from '../../ui/downloads';
import { toast } from '../../ui/toast';

const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** Recommendations of a session: propose one, endorse others'. */
export function RecsPanel({ model, live, ended }: { model: RecsModel; live: boolean; ended: boolean }) {
  const s = useStore(model.state);
  const published = usePublished(model.sessionId, ended);
  const list = openRecs(s);
  const endorse = (id: string) => model.toggleEndorse(id).catch((e: unknown) => toast(errorMessage(e), 'error'));
  return (
    <div class="recs-panel">
      {published && (
        <section class="final-doc" aria-labelledby="final-h">
          <h3 id="final-h" class="panel-title">
            {t('recs.final_document')}
          </h3>
          <p class="small">{t('recs.final_hint')}</p>
          <Downloads revision={published} />
        </section>
      )}
      {live ? <RecForm model={model} /> : !published && <Notice>{ended ? t('recs.not_published_yet') : t('recs.closed')}</Notice>}
      <section aria-labelledby="recs-h">
        <h3 id="recs-h" class="panel-title">
          {t('recs.list')} <span class="count">{list.length}</span>
        </h3>
        {!s.ready ? (
          <p class="muted">{t('common.loading')}</p>
        ) : list.length === 0 ? (
          <p class="muted">{t('recs.none_yet')}</p>
        ) : (
          <ol class="rec-list">
            {list.map((r) => (
              <RecItem key={r.id} r={r} endorsed={s.endorsed.has(r.id)} canEndorse={live} onEndorse={() => endorse(r.id)} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function RecItem({ r, endorsed, canEndorse, onEndorse }: { r: RecView; endorsed: boolean; canEndorse: boolean; onEndorse: () => void }) {
  const l = useLang();
  return (
    <li class="rec" data-rec={r.id}>
      <div class="rec-body">
        {r.addressee && <p class="rec-to">{t('recs.to', { addressee: r.addressee })}</p>}
        <p class="rec-text" lang={r.lang}>
          {r.text}
        </p>
        {r.answer && (
          <p class="rec-answer">
            <strong>{t('recs.answer')}</strong> <span lang={r.lang}>{r.answer}</span>
          </p>
        )}
        <p class="question-meta">
          <span>{r.authorName ?? (r.origin === 'question' ? t('recs.from_question') : t('qa.anonymous'))}</span>
          {r.lang !== l && <LangTag lang={r.lang} />}
        </p>
      </div>
      <button type="button" class="endorse-btn" aria-pressed={endorsed} disabled={!canEndorse} onClick={onEndorse} aria-label={endorsed ? t('recs.unendorse_label', { count: r.endorsements }) : t('recs.endorse_label', { count: r.endorsements })}>
        <Icon name="check" size={18} />
        <span>{endorsed ? t('recs.endorsed') : t('recs.endorse')}</span>
        <span class="vote-count">{formatNumber(r.endorsements)}</span>
      </button>
    </li>
  );
}

function RecForm({ model }: { model: RecsModel }) {
  const uiLang = useLang();
  const [text, setText] = useState('');
  const [addressee, setAddressee] = useState('');
  const [lang, setLang] = useState<Lang>(uiLang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await model.submit(text.trim(), lang, addressee.trim() || null);
      setText('');
      setAddressee('');
      setOpen(false);
      toast(t('recs.sent'), 'success');
    } catch (err) {
      setError(errorMessage(err, { invalid_state: 'qa.not_live' }));
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <div class="rec-cta">
        <p>{t('recs.lead')}</p>
        <Button variant="primary" onClick={() => setOpen(true)}>
          {t('recs.propose')}
        </Button>
      </div>
    );
  }
  return (
    <form class="ask-form" onSubmit={submit} noValidate>
      <TextArea label={t('recs.text_label')} hint={t('recs.text_hint')} value={text} onInput={setText} maxLength={REC_TEXT_MAX} rows={4} error={error} />
      <TextField label={`${t('recs.addressee')} (${t('common.optional')})`} hint={t('recs.addressee_hint')} value={addressee} onInput={setAddressee} maxLength={200} />
      <div class="ask-row">
        <Select label={t('qa.question_lang')} value={lang} onChange={setLang} options={(['kk', 'ru', 'en'] as const).map((l) => ({ value: l, label: LANG_NAMES[l] }))} class="ask-lang" />
        <Button variant="ghost" onClick={() => setOpen(false)}>
          {t('action.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={!text.trim()} class="ask-submit">
          {t('recs.submit')}
        </Button>
      </div>
    </form>
  );
}
