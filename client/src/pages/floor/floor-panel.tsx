import { useState } from 'preact/hooks';
import type { FloorModel } from '../../live/floor-model';
import { t } from '../../i18n/i18n';
import { Link } from '../../router';
import { me } from '../../state/me';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { NameControl } from '../session/name-control';
import { Countdown } from './countdown';
import './floor.css';

/** A citizen's side of the floor on the session page: ask with a topic, follow the request, go to the green room. */
export function FloorPanel({ model, live }: { model: FloorModel; live: boolean }) {
  const { mine } = useStore(model.state);
  const who = useStore(me);
  const [topic, setTopic] = useState('');
  const [organization, setOrganization] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const open = mine && (mine.status === 'queued' || mine.status === 'invited' || mine.status === 'live');
  const named = Boolean(who?.actor.displayName);
  return (
    <section class="floor-panel" aria-labelledby="floor-h">
      <h2 id="floor-h" class="panel-title">
        {t('floor.title')}
      </h2>
      {error !== undefined && <ErrorNotice error={error} context={{ invalid_state: 'floor.not_live' }} />}
      {mine?.status === 'queued' && (
        <div role="status" class="floor-status">
          <p>{t('floor.queued', { n: (mine.position ?? 0) + 1 })}</p>
          <p class="muted small">{mine.topic}</p>
          <Button size="sm" busy={busy} onClick={() => act(() => model.withdraw(mine.id))}>
            {t('floor.withdraw')}
          </Button>
        </div>
      )}
      {(mine?.status === 'invited' || mine?.status === 'live') && (
        <Notice tone="success">
          <span>{mine.status === 'live' ? t('floor.live_mine') : t('floor.invited')}</span>{' '}
          {mine.endsAt && <Countdown endsAt={mine.endsAt} />}{' '}
          <Link href={`/s/${mine.sessionId}/floor`} class="btn btn-primary btn-sm">
            {t('floor.to_green_room')}
          </Link>
        </Notice>
      )}
      {mine && !open && (
        <p role="status" class="floor-status">
          {mine.status === 'declined' ? t('floor.declined', { reason: mine.declineReason ?? '' }) : t(mine.status === 'done' ? 'floor.done' : mine.status === 'withdrawn' ? 'floor.withdrawn' : 'floor.lapsed')}
        </p>
      )}
      {!open && live && (
        <form
          class="floor-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              await model.ask(topic, organization);
              setTopic('');
            });
          }}
        >
          <p class="muted small">{t('floor.intro')}</p>
          {!named && <p class="small">{t('floor.need_name')}</p>}
          <NameControl />
          <TextField label={t('floor.topic')} hint={t('floor.topic_hint')} value={topic} onInput={setTopic} maxLength={200} required />
          <TextField label={t('floor.organization')} value={organization} onInput={setOrganization} maxLength={120} autoComplete="organization" />
          <Button type="submit" variant="primary" busy={busy} disabled={!named || !topic.trim()}>
            {mine ? t('floor.ask_again') : t('floor.ask')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** Who holds the floor now, for everyone watching: name, organization, topic and the time left. */
export function FloorStage({ model }: { model: FloorModel }) {
  const { stage } = useStore(model.state);
  if (!stage) return null;
  const org = stage.org ? pickText(stage.org.name) : stage.organization;
  return (
    <aside class="floor-stage card" aria-label={t('floor.on_stage')}>
      <p class="eyebrow">
        <span class="live-dot" aria-hidden="true" /> {t('floor.on_stage')}
      </p>
      <p class="floor-stage-who">
        <strong>{stage.person.displayName}</strong>
        {org && <span class="muted"> · {t('floor.for_org', { org })}</span>}
      </p>
      <p class="floor-stage-topic">{stage.topic}</p>
      <Countdown endsAt={stage.endsAt} />
    </aside>
  );
}
