import { useState } from 'preact/hooks';
import { LANG_NAMES, LANGS, type Lang } from '../../../../common/base';
import { MAX_OPTIONS, POLLS_ROUTES, type PollKind, type PollView } from '../../../../common/polls.contract';
import { errorMessage } from '../../api/errors';
import { http } from '../../api/http';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import type { PollsModel } from '../../live/polls-model';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Select, Switch, TextField } from '../../ui/field';
import { Localized } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { PollChart, PollStateBadge } from '../../ui/poll-chart';
import { toast } from '../../ui/toast';

type Texts = Record<Lang, string>;
const blank = (): Texts => ({ kk: '', ru: '', en: '' });
/** Only the languages filled in: the contract wants at least one, and no empty strings. */
const filled = (x: Texts) => Object.fromEntries(LANGS.flatMap((l) => (x[l].trim() ? [[l, x[l].trim()]] : [])));

/** The moderators' polls: prepare drafts, open and close them live, watch the results as they come. */
export function PollsConsole({ model, sessionId, live, prefer }: { model: PollsModel; sessionId: string; live: boolean; prefer?: readonly Lang[] | undefined }) {
  useLang();
  const st = useStore(model.state);
  const run = async (fn: () => Promise<void>, done: Parameters<typeof t>[0]) => {
    try {
      await fn();
      toast(t(done), 'success');
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  };
  return (
    <div class="polls-console">
      <NewPoll model={model} />
      {st.ready && !st.polls.length && <p class="muted">{t('poll.none')}</p>}
      {[...st.polls].reverse().map((p) => (
        <ConsolePoll key={p.id} poll={p} live={live} prefer={prefer} run={run} model={model} />
      ))}
      {st.polls.some((p) => p.state !== 'draft') && (
        <p>
          <a href={http.href(POLLS_ROUTES.csv, { params: { sessionId } })} download>
            {t('poll.export')}
          </a>
        </p>
      )}
    </div>
  );
}

function ConsolePoll({ poll, live, prefer, run, model }: { poll: PollView; live: boolean; prefer?: readonly Lang[] | undefined; run: (fn: () => Promise<void>, done: Parameters<typeof t>[0]) => Promise<void>; model: PollsModel }) {
  const kindKey = { single: 'poll.kind_single', multiple: 'poll.kind_multiple', scale: 'poll.kind_scale' } as const;
  return (
    <article class="poll-card" data-poll={poll.id} aria-label={t('poll.number', { n: formatNumber(poll.number) })}>
      <div class="poll-head">
        <h3>{t('poll.number', { n: formatNumber(poll.number) })}</h3>
        <PollStateBadge state={poll.state} />
        <span class="muted small">{t(kindKey[poll.kind])}</span>
      </div>
      <Localized as="p" class="poll-question" text={poll.question} prefer={prefer} />
      {poll.state === 'draft' ? (
        <ul class="small">
          {poll.options.map((o) => (
            <li key={o.index}>{o.text ? <Localized text={o.text} prefer={prefer} /> : formatNumber(o.index + 1)}</li>
          ))}
        </ul>
      ) : (
        <PollChart poll={poll} prefer={prefer} />
      )}
      {poll.hideResults && poll.state === 'open' && <p class="muted small">{t('poll.hidden_mod')}</p>}
      <div class="poll-actions">
        {poll.state !== 'open' && (
          <Button size="sm" variant="primary" disabled={!live} onClick={() => run(() => model.open(poll.id), 'poll.opened')}>
            {poll.state === 'draft' ? t('poll.open') : t('poll.reopen')}
          </Button>
        )}
        {poll.state === 'open' && (
          <Button size="sm" variant="danger" onClick={() => run(() => model.close(poll.id), 'poll.closed')}>
            {t('poll.close')}
          </Button>
        )}
        {poll.state === 'draft' && (
          <Button size="sm" variant="ghost" onClick={() => run(() => model.remove(poll.id), 'poll.deleted')}>
            {t('poll.delete')}
          </Button>
        )}
      </div>
    </article>
  );
}

function NewPoll({ model }: { model: PollsModel }) {
  const [kind, setKind] = useState<PollKind>('single');
  const [question, setQuestion] = useState<Texts>(blank());
  const [options, setOptions] = useState<Texts[]>([blank(), blank()]);
  const [hide, setHide] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const setOption = (i: number, l: Lang, v: string) => setOptions((os) => os.map((o, j) => (j === i ? { ...o, [l]: v } : o)));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await model.create({ kind, question: filled(question), options: kind === 'scale' ? [] : options.map(filled), hideResults: hide });
      setQuestion(blank());
      setOptions([blank(), blank()]);
      toast(t('poll.created'), 'success');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="poll-new">
      <summary>{t('poll.new')}</summary>
      <form class="poll-form" onSubmit={submit}>
        <Select
          label={t('poll.kind')}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'single', label: t('poll.kind_single') },
            { value: 'multiple', label: t('poll.kind_multiple') },
            { value: 'scale', label: t('poll.kind_scale') },
          ]}
        />
        {LANGS.map((l) => (
          <TextField key={l} label={t(`poll.question_${l}`)} lang={l} value={question[l]} maxLength={300} onInput={(v) => setQuestion((q) => ({ ...q, [l]: v }))} />
        ))}
        {kind !== 'scale' && (
          <div class="poll-options-edit">
            {options.map((o, i) => (
              <div key={i} class="poll-option-edit">
                {LANGS.map((l) => (
                  <TextField key={l} label={t('poll.option_lang', { n: i + 1, lang: LANG_NAMES[l] })} lang={l} value={o[l]} maxLength={120} onInput={(v) => setOption(i, l, v)} />
                ))}
                {options.length > 2 && (
                  <Button size="sm" variant="ghost" onClick={() => setOptions((os) => os.filter((_, j) => j !== i))}>
                    {t('poll.remove_option', { n: i + 1 })}
                  </Button>
                )}
              </div>
            ))}
            {options.length < MAX_OPTIONS && (
              <Button size="sm" onClick={() => setOptions((os) => [...os, blank()])}>
                {t('poll.add_option')}
              </Button>
            )}
          </div>
        )}
        <p class="muted small">{t('poll.text_hint')}</p>
        <Switch label={t('poll.hide_results')} checked={hide} onChange={setHide} />
        <div class="poll-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('poll.create')}
          </Button>
        </div>
        {error && <Notice tone="error">{error}</Notice>}
      </form>
    </details>
  );
}
