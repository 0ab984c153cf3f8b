import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_TURN_SECONDS, type FloorRequestView } from '../../../../common/floor.contract';
import { getSocket } from '../../api/socket';
import { formatNumber, t } from '../../i18n/i18n';
import type { FloorModel } from '../../live/floor-model';
import { watch, type Feed, type MediaSession, type Viewer } from '../../media';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextField } from '../../ui/field';
import { pickText } from '../../ui/localized';
import { Countdown } from '../floor/countdown';
import '../floor/floor.css';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

/**
 * The floor queue beside the question queue: requests in order, worked from the keyboard (see
 * `mod.key_floor`), and the green room, where the moderator sees and hears an invited citizen
 * before putting them on air.
 */
export function FloorPane({ model, run }: { model: FloorModel; run: Run }) {
  const { queue } = useStore(model.state);
  const requests = queue?.requests ?? [];
  const [sel, setSel] = useState<string | undefined>(undefined);
  const [minutes, setMinutes] = useState(String(DEFAULT_TURN_SECONDS / 60));
  const [declining, setDeclining] = useState<FloorRequestView | undefined>(undefined);
  const current = requests.find((r) => r.id === sel) ?? requests[0];
  const queued = requests.filter((r) => r.status === 'queued');
  const seconds = Math.round(Math.min(30, Math.max(0.25, Number(minutes) || DEFAULT_TURN_SECONDS / 60)) * 60);
  const backstage = requests.some((r) => r.status === 'invited' || r.status === 'live');
  const feeds = useGreenRoom(model.sessionId, backstage);

  const act = (r: FloorRequestView | undefined, what: 'invite' | 'onAir' | 'mute' | 'extend' | 'end' | 'up' | 'down') => {
    if (!r) return;
    if (what === 'invite' && r.status === 'queued') void run(() => model.invite(r.id));
    if (what === 'onAir' && r.status === 'invited') void run(() => model.onAir(r.id, seconds));
    if (what === 'mute' && (r.status === 'invited' || r.status === 'live')) void run(() => model.mute(r.id, !r.muted));
    if (what === 'extend' && r.status === 'live') void run(() => model.extend(r.id, 60));
    if (what === 'end' && (r.status === 'invited' || r.status === 'live')) void run(() => model.end(r.id));
    if ((what === 'up' || what === 'down') && r.status === 'queued' && r.position !== null) void run(() => model.move(r.id, Math.max(0, r.position! + (what === 'up' ? -1 : 1))));
  };
  const select = (d: 1 | -1) => {
    const i = requests.findIndex((r) => r.id === current?.id);
    const next = requests[Math.max(0, Math.min(requests.length - 1, i + d))];
    if (next) {
      setSel(next.id);
      document.getElementById(`fr-${next.id}`)?.scrollIntoView({ block: 'nearest' });
    }
  };
  // The pane's own keys; they stop here so the question queue's shortcuts do not fire too.
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => (e.altKey ? act(current, 'down') : select(1)),
      ArrowUp: () => (e.altKey ? act(current, 'up') : select(-1)),
      j: () => select(1),
      k: () => select(-1),
      i: () => act(current, 'invite'),
      o: () => act(current, 'onAir'),
      m: () => act(current, 'mute'),
      '+': () => act(current, 'extend'),
      e: () => act(current, 'end'),
      n: () => current && (current.status === 'queued' || current.status === 'invited') && setDeclining(current),
    };
    const fn = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!fn) return;
    e.preventDefault();
    e.stopPropagation();
    fn();
  };

  return (
    <div id="floor-pane" class="floor-pane" tabIndex={-1} onKeyDown={onKey}>
      <div class="floor-settings">
        <TextField label={t('mod.floor_seconds')} type="number" inputMode="numeric" min="0.25" max="30" value={minutes} onInput={setMinutes} />
      </div>
      {backstage && <GreenRoom requests={requests.filter((r) => r.status === 'invited' || r.status === 'live')} feeds={feeds} />}
      {!requests.length ? (
        <p class="empty-pane">{t('mod.floor_empty')}</p>
      ) : (
        <ol class="mq-list floor-list" aria-label={t('mod.floor')}>
          {requests.map((r) => (
            <li key={r.id} id={`fr-${r.id}`} class={`mq floor-item${r.id === current?.id ? ' is-selected' : ''}`} aria-current={r.id === current?.id || undefined} data-floor={r.id} onClick={() => setSel(r.id)}>
              <p class="floor-item-head">
                {r.status === 'queued' && <span class="count-pill neutral">{formatNumber((r.position ?? 0) + 1)}</span>}
                <strong>{r.person.displayName}</strong>
                {(r.org || r.organization) && <span class="muted"> · {r.org ? pickText(r.org.name) : r.organization}</span>}
                <span class={`floor-chip is-${r.status}`}>{t(r.status === 'queued' ? 'mod.floor_status_queued' : r.status === 'invited' ? 'mod.floor_status_invited' : 'mod.floor_status_live')}</span>
                {r.endsAt && <Countdown endsAt={r.endsAt} />}
              </p>
              <p class="floor-item-topic">{r.topic}</p>
              <div class="mq-actions">
                {r.status === 'queued' && (
                  <>
                    <Button size="sm" variant="primary" onClick={() => act(r, 'invite')}>
                      {t('mod.floor_invite')} <kbd>I</kbd>
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={t('mod.floor_up')} disabled={r.position === 0} onClick={() => act(r, 'up')}>
                      ↑
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={t('mod.floor_down')} disabled={r.position === queued.length - 1} onClick={() => act(r, 'down')}>
                      ↓
                    </Button>
                  </>
                )}
                {r.status === 'invited' && (
                  <Button size="sm" variant="live" onClick={() => act(r, 'onAir')}>
                    {t('mod.floor_on_air')} <kbd>O</kbd>
                  </Button>
                )}
                {r.status === 'live' && (
                  <Button size="sm" onClick={() => act(r, 'extend')}>
                    {t('mod.floor_extend')} <kbd>+</kbd>
                  </Button>
                )}
                {(r.status === 'invited' || r.status === 'live') && (
                  <>
                    <Button size="sm" aria-pressed={r.muted} onClick={() => act(r, 'mute')}>
                      {r.muted ? t('mod.floor_unmute') : t('mod.floor_mute')} <kbd>M</kbd>
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => act(r, 'end')}>
                      {t('mod.floor_end')} <kbd>E</kbd>
                    </Button>
                  </>
                )}
                {(r.status === 'queued' || r.status === 'invited') && (
                  <Button size="sm" variant="ghost" onClick={() => setDeclining(r)}>
                    {t('mod.floor_decline')} <kbd>N</kbd>
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <DeclineDialog
        request={declining}
        onClose={() => setDeclining(undefined)}
        onDecline={async (reason) => {
          const r = declining;
          if (!r) return;
          await run(() => model.decline(r.id, reason));
          setDeclining(undefined);
        }}
      />
    </div>
  );
}

/** The invited (or live) citizens' camera and microphone, as only moderators receive them backstage. */
function GreenRoom({ requests, feeds }: { requests: FloorRequestView[]; feeds: Feed[] }) {
  return (
    <section class="green-room" aria-label={t('mod.floor_green_room')}>
      <h3 class="panel-title">{t('mod.floor_green_room')}</h3>
      {requests.map((r) => {
        const theirs = feeds.filter((f) => f.floor?.requestId === r.id);
        return (
          <figure key={r.id} class="green-room-tile">
            {theirs.length ? <FeedPlayer feeds={theirs} label={r.person.displayName} /> : <p class="muted small">{t('mod.floor_no_media')}</p>}
            <figcaption>
              {r.person.displayName} · {t(r.status === 'live' ? 'mod.floor_status_live' : 'mod.floor_status_invited')}
            </figcaption>
          </figure>
        );
      })}
    </section>
  );
}

function FeedPlayer({ feeds, label }: { feeds: Feed[]; label: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const v = feeds.find((f) => f.kind === 'video')?.track;
  const a = feeds.find((f) => f.kind === 'audio')?.track;
  useEffect(() => {
    if (video.current) video.current.srcObject = v ? new MediaStream([v]) : null;
  }, [v]);
  useEffect(() => {
    if (audio.current) audio.current.srcObject = a ? new MediaStream([a]) : null;
  }, [a]);
  return (
    <>
      <video ref={video} class="green-room-video" autoplay playsinline muted hidden={!v} aria-label={label} />
      <audio ref={audio} autoplay />
    </>
  );
}

/** A backstage viewer while anyone is invited or live: the moderator's own media connection. */
function useGreenRoom(sessionId: string, enabled: boolean): Feed[] {
  const [feeds, setFeeds] = useState<Feed[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let held: { session: MediaSession; viewer: Viewer } | undefined;
    let alive = true;
    void watch(getSocket(), sessionId, { backstage: true })
      .then((w) => {
        if (!alive) return w.session.close();
        held = w;
        setFeeds(w.viewer.feeds);
        w.viewer.on('feeds', setFeeds);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
      held?.session.close();
      setFeeds([]);
    };
  }, [sessionId, enabled]);
  return feeds;
}

function DeclineDialog({ request, onClose, onDecline }: { request: FloorRequestView | undefined; onClose: () => void; onDecline: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setReason(''), [request?.id]);
  return (
    <Dialog open={request !== undefined} onClose={onClose} title={t('mod.floor_decline_title')}>
      {request && (
        <form
          class="stack-form"
          onSubmit={(e) => {
            e.preventDefault();
            setBusy(true);
            void onDecline(reason.trim()).finally(() => setBusy(false));
          }}
        >
          <blockquote class="quoted">{request.topic}</blockquote>
          <TextField label={t('mod.floor_reason')} value={reason} onInput={setReason} maxLength={300} required />
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
            {t('mod.floor_decline')}
          </Button>
        </form>
      )}
    </Dialog>
  );
}
