import { useId, useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import type { PollView } from '../../../../common/polls.contract';
import { errorMessage } from '../../api/errors';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import type { PollsModel } from '../../live/polls-model';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Localized } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { PollChart, PollStateBadge } from '../../ui/poll-chart';

/** The session's open and closed polls: vote while one is open, see the results the poll shows. */
export function PollsPanel({ model, live, prefer }: { model: PollsModel; live: boolean; prefer?: readonly Lang[] | undefined }) {
  useLang();
  const st = useStore(model.state);
  const polls = st.polls.filter((p) => p.state !== 'draft');
  if (!polls.length) return null;
  return (
    <section class="polls-panel" aria-labelledby="polls-h">
      <h2 id="polls-h" class="panel-title">
        {t('poll.title')}
      </h2>
      {[...polls].reverse().map((p) => (
        <PollCard key={p.id} poll={p} model={model} live={live} prefer={prefer} />
      ))}
    </section>
  );
}

function PollCard({ poll, model, live, prefer }: { poll: PollView; model: PollsModel; live: boolean; prefer?: readonly Lang[] | undefined }) {
  const headId = useId();
  return (
    <article class="poll-card" aria-labelledby={headId} data-poll={poll.id}>
      <div class="poll-head">
        <h3 id={headId}>{t('poll.number', { n: formatNumber(poll.number) })}</h3>
        <PollStateBadge state={poll.state} />
      </div>
      {poll.state === 'open' && live ? (
        <VoteForm poll={poll} model={model} prefer={prefer} />
      ) : (
        <Localized as="p" class="poll-question" text={poll.question} prefer={prefer} />
      )}
      {poll.results.counts ? (
        <PollChart poll={poll} prefer={prefer} />
      ) : (
        <p class="muted small">
          {t('poll.hidden')} {t('poll.voters', { count: poll.results.voters })}
        </p>
      )}
    </article>
  );
}

function VoteForm({ poll, model, prefer }: { poll: PollView; model: PollsModel; prefer?: readonly Lang[] | undefined }) {
  const [chosen, setChosen] = useState<number[]>(poll.myChoices ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);
  const name = useId();
  const multiple = poll.kind === 'multiple';
  const pick = (i: number, on: boolean) => {
    setDone(false);
    setChosen((c) => (multiple ? (on ? [...new Set([...c, i])] : c.filter((x) => x !== i)) : [i]));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await model.vote(poll.id, chosen);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const hint = poll.kind === 'scale' ? t('poll.choose_scale') : multiple ? t('poll.choose_some') : t('poll.choose_one');
  return (
    <form class="poll-form" onSubmit={submit}>
      <fieldset>
        <legend>
          <Localized text={poll.question} prefer={prefer} />
        </legend>
        <p class="muted small" id={`${name}-hint`}>
          {hint}
        </p>
        <div class={poll.kind === 'scale' ? 'poll-scale' : undefined}>
          {poll.options.map((o) => (
            <label key={o.index} class="poll-choice">
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={String(o.index)}
                checked={chosen.includes(o.index)}
                aria-describedby={`${name}-hint`}
                onChange={(e) => pick(o.index, e.currentTarget.checked)}
              />
              {o.text ? <Localized text={o.text} prefer={prefer} /> : <>
                  <span aria-hidden="true">{formatNumber(o.index + 1)}</span>
                  <span class="sr-only">{t('poll.scale_point', { n: o.index + 1 })}</span>
                </>}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="poll-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!chosen.length}>
          {poll.myChoices ? t('poll.change_vote') : t('poll.vote')}
        </Button>
      </div>
      {done && <Notice tone="success">{t('poll.voted')}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
    </form>
  );
}
