import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import { RATING_VALUES, type RatingValue } from '../../../../common/ratings.contract';
import { REC_TEXT_MAX, type RecView } from '../../../../common/recs.contract';
import { errorMessage } from '../../api/errors';
import { useAuthoredText } from '../../i18n/guess-lang';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import { RatingsModel, type RatingsState } from '../../live/ratings-model';
import { openRecs, RecsModel } from '../../live/recs-model';
import { formatDateTime } from '../../i18n/format';
import { orgName } from '../../ui/org-names';
import '../../styles/orgs.css';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Select, TextArea, TextField } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { LangTag } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { Downloads, usePublished } from '../../ui/downloads';
import { toast } from '../../ui/toast';

const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/**
 * The session page's recommendations tab. Its model lives while the tab is open: a viewer who
 * never opens it downloads none of this code and is never subscribed to the session's
 * recommendations (reading the list subscribes the connection). `joined` is the room's join
 * answer, a new one after every reconnect: the list is read again then, as after any join.
 */
export function RecsTab({ sessionId, joined, live, ended }: { sessionId: string; joined: object | undefined; live: boolean; ended: boolean }) {
  const model = useMemo(() => new RecsModel(sessionId), [sessionId]);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    model.attach();
    return () => model.detach();
  }, [model]);
  useEffect(() => {
    if (joined) model.resync().then(() => setError(undefined), setError);
  }, [model, joined]);
  return (
    <>
      {error !== undefined && <ErrorNotice error={error} />}
      <RecsPanel model={model} live={live} ended={ended} />
    </>
  );
}

/** Recommendations of a session: propose one, endorse others'. */
export function RecsPanel({ model, live, ended }: { model: RecsModel; live: boolean; ended: boolean }) {
  const s = useStore(model.state);
  const published = usePublished(model.sessionId, ended);
  const list = openRecs(s);
  const ratingsModel = useMemo(() => new RatingsModel(model.sessionId), [model.sessionId]);
  const ratings = useStore(ratingsModel.state);
  // The window opens with the session and closes some hours after it ends: ask again when the state changes.
  useEffect(() => void ratingsModel.load().catch(() => undefined), [ratingsModel, live, ended]);
  const rate = (id: string, v: RatingValue) => ratingsModel.rate(id, v).catch((e: unknown) => toast(errorMessage(e, { invalid_state: 'rate.closed' }), 'error'));
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
      <RecsModeration model={model} />
      {live ? <RecForm model={model} /> : !published && <Notice>{ended ? t('recs.not_published_yet') : t('recs.closed')}</Notice>}
      <section aria-labelledby="recs-h">
        <h3 id="recs-h" class="panel-title">
          {t('recs.list')} <span class="count">{list.length}</span>
        </h3>
        {ratings.window && list.length > 0 && <RatingNotice ratings={ratings} />}
        {!s.ready ? (
          <p class="muted">{t('common.loading')}</p>
        ) : list.length === 0 ? (
          <p class="muted">{t('recs.none_yet')}</p>
        ) : (
          <ol class="rec-list">
            {list.map((r) => (
              <RecItem
                key={r.id}
                r={r}
                endorsed={s.endorsed.has(r.id)}
                canEndorse={live}
                onEndorse={() => endorse(r.id)}
                rating={ratings.window?.open ? (ratings.mine.get(r.id) ?? null) : undefined}
                onRate={(v) => void rate(r.id, v)}
                onHide={s.canModerate ? () => void model.setState(r.id, 'hidden').catch((e: unknown) => toast(errorMessage(e), 'error')) : undefined}
              />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function RatingNotice({ ratings }: { ratings: RatingsState }) {
  const w = ratings.window!;
  const text = !w.open ? t('rate.closed') : w.closesAt ? t('rate.lead_until', { time: formatDateTime(w.closesAt, Intl.DateTimeFormat().resolvedOptions().timeZone) }) : t('rate.lead_live');
  return <p class="small muted rate-notice">{text}</p>;
}

const RATE_KEY = { agree: 'rate.agree', disagree: 'rate.disagree', pass: 'rate.pass' } as const;

/** Agree / disagree / pass as a group of toggle buttons; the pressed one is the stored rating. */
function RatingButtons({ value, onRate, recId }: { value: RatingValue | null; onRate: (v: RatingValue) => void; recId: string }) {
  return (
    <div class="rate-group" role="group" aria-label={t('rate.title')} data-rate={recId}>
      {RATING_VALUES.map((v) => (
        <button key={v} type="button" class={`rate-btn rate-${v}`} aria-pressed={value === v} onClick={() => onRate(v)}>
          {t(RATE_KEY[v])}
        </button>
      ))}
    </div>
  );
}

function RecItem({
  r,
  endorsed,
  canEndorse,
  onEndorse,
  onHide,
  rating,
  onRate,
}: {
  r: RecView;
  endorsed: boolean;
  canEndorse: boolean;
  onEndorse: () => void;
  onHide?: () => void;
  /** undefined: rating is closed; null: not rated yet. */
  rating: RatingValue | null | undefined;
  onRate: (v: RatingValue) => void;
}) {
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
          {r.organization && <span class="org-chip">{t('org.badge', { name: orgName(r.organization) })}</span>}
          {r.lang !== l && <LangTag lang={r.lang} />}
          {onHide && (
            <button type="button" class="as-link link-btn" onClick={onHide}>
              {t('recs.hide')}
            </button>
          )}
        </p>
        {rating !== undefined && <RatingButtons value={rating} onRate={onRate} recId={r.id} />}
      </div>
      {/* Named by what it shows plus a spoken explanation, so the name contains all that is seen (WCAG 2.5.3). */}
      <button type="button" class="endorse-btn" aria-pressed={endorsed} disabled={!canEndorse} onClick={onEndorse}>
        <Icon name="check" size={18} />
        <span>{endorsed ? t('recs.endorsed') : t('recs.endorse')}</span>
        <span class="vote-count">{formatNumber(r.endorsements)}</span>
        <span class="sr-only">{endorsed ? t('recs.unendorse_label', { count: r.endorsements }) : t('recs.endorse_label', { count: r.endorsements })}</span>
      </button>
    </li>
  );
}

function RecForm({ model }: { model: RecsModel }) {
  const { text, lang, onText, chooseLang, clear } = useAuthoredText();
  const [addressee, setAddressee] = useState('');
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
      clear();
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
      <TextArea label={t('recs.text_label')} hint={t('recs.text_hint')} value={text} onInput={onText} maxLength={REC_TEXT_MAX} rows={4} error={error} />
      <TextField label={`${t('recs.addressee')} (${t('common.optional')})`} hint={t('recs.addressee_hint')} value={addressee} onInput={setAddressee} maxLength={200} />
      <div class="ask-row">
        <Select label={t('qa.question_lang')} value={lang} onChange={chooseLang} options={(['kk', 'ru', 'en'] as const).map((l) => ({ value: l, label: LANG_NAMES[l] }))} class="ask-lang" />
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

/** Moderators' view of the list: drafts to open, open items to hide, hidden ones to restore. */
export function RecsModeration({ model }: { model: RecsModel }) {
  const s = useStore(model.state);
  if (!s.canModerate) return null;
  const drafts = [...s.items.values()].filter((r) => r.state === 'draft');
  const hidden = [...s.items.values()].filter((r) => r.state === 'hidden');
  const act = (id: string, state: 'open' | 'hidden' | 'draft') => model.setState(id, state).catch((e: unknown) => toast(errorMessage(e), 'error'));
  const row = (r: RecView, actions: { label: string; state: 'open' | 'hidden' | 'draft' }[]) => (
    <li key={r.id} class="rec" data-rec-mod={r.id}>
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
      </div>
      <span class="rec-mod-actions">
        {actions.map((a) => (
          <Button key={a.state} size="sm" variant={a.state === 'open' ? 'primary' : 'ghost'} onClick={() => void act(r.id, a.state)}>
            {a.label}
          </Button>
        ))}
      </span>
    </li>
  );
  return (
    <section class="recs-mod" aria-labelledby="recs-mod-h">
      <h3 id="recs-mod-h" class="panel-title">
        {t('recs.drafts')} <span class="count">{drafts.length}</span>
      </h3>
      {drafts.length === 0 ? (
        <p class="muted small">{t('recs.no_drafts')}</p>
      ) : (
        <ol class="rec-list">{drafts.map((r) => row(r, [{ label: t('recs.open_draft'), state: 'open' }, { label: t('recs.hide'), state: 'hidden' }]))}</ol>
      )}
      {hidden.length > 0 && (
        <details>
          <summary>{t('recs.hidden', { count: hidden.length })}</summary>
          <ol class="rec-list">{hidden.map((r) => row(r, [{ label: t('recs.restore'), state: 'open' }]))}</ol>
        </details>
      )}
    </section>
  );
}
