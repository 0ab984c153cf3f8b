import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import type { ModQuestionView, QuestionView } from '../../../../common/qa.contract';
import { errorMessage } from '../../api/errors';
import { sessionWithAgenda } from '../../api/session-agenda';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import { approvedOf, answeredOf, QaModel } from '../../live/qa-model';
import { PollsModel } from '../../live/polls-model';
import { pendingOf, QueueModel } from '../../live/queue-model';
import { FloorModel } from '../../live/floor-model';
import { RecsModel } from '../../live/recs-model';
import { RecsModeration } from '../session/recs-panel';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { StateBadge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Switch } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { toast } from '../../ui/toast';
import { Spotlight } from '../session/spotlight';
import { AuditPanel } from './audit-panel';
import { EditDialog, MergeDialog, PromoteDialog, RejectDialog } from './dialogs';
import { FloorPane } from './floor-pane';
import { ModActions } from './mod-actions';
import { PollsConsole } from './polls-console';
import { PendingItem, PublicItem } from './queue-items';
import { ShortcutHelp, useShortcuts } from './shortcuts';
import { useVoteBursts } from './vote-bursts';
import './moderate.css';

type Pane = 'pending' | 'public';
type Filter = 'all' | 'flagged';

/** The moderator console: a live queue worked from the keyboard. */
export default function ModeratePage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const qa = useMemo(() => new QaModel(sessionId), [sessionId]);
  const queue = useMemo(() => new QueueModel(sessionId), [sessionId]);
  const actions = useMemo(() => new ModActions(sessionId, queue), [sessionId, queue]);
  const recs = useMemo(() => new RecsModel(sessionId), [sessionId]);
  const polls = useMemo(() => new PollsModel(sessionId), [sessionId]);
  const floor = useMemo(() => new FloorModel(sessionId, true), [sessionId]);
  const [syncError, setSyncError] = useState<unknown>(undefined);
  const bursts = useVoteBursts(sessionId);
  useEffect(() => {
    qa.attach();
    queue.attach();
    recs.attach();
    polls.attach();
    floor.attach();
    return () => {
      qa.detach();
      queue.detach();
      recs.detach();
      polls.detach();
      floor.detach();
    };
  }, [qa, queue, recs, polls, floor]);
  const room = useSessionRoom(sessionId, (j) => {
    const calls = [qa.resync(), ...(j.capabilities.isModerator ? [queue.resync(), recs.resync(), polls.resync(), floor.resync()] : [])];
    Promise.all(calls).then(() => setSyncError(undefined), setSyncError);
  });
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const pub = useStore(qa.state);
  const q = useStore(queue.state);
  const floorQueue = useStore(floor.state).queue;

  const [pane, setPane] = useState<Pane>('pending');
  const [selPending, setSelPending] = useState<string | undefined>(undefined);
  const [selPublic, setSelPublic] = useState<string | undefined>(undefined);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState<Filter>('all');
  const [langFilter, setLangFilter] = useState<Lang | 'all'>('all');
  const [search, setSearch] = useState('');
  const [rejecting, setRejecting] = useState<ModQuestionView | QuestionView | undefined>(undefined);
  const [editing, setEditing] = useState<ModQuestionView | QuestionView | undefined>(undefined);
  const [merging, setMerging] = useState<{ id: string; text: string }[]>([]);
  const [help, setHelp] = useState(false);
  const [promoting, setPromoting] = useState<QuestionView | undefined>(undefined);
  const [side, setSide] = useState<'recs' | 'audit' | 'polls' | 'floor'>('audit');
  const [auditTick, setAuditTick] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);

  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;


  const matches = (x: { text: string; lang: Lang }) => (langFilter === 'all' || x.lang === langFilter) && (!search.trim() || x.text.toLowerCase().includes(search.trim().toLowerCase()));
  const pendingAll = pendingOf(q);
  // The waiting count in the tab title: visible from another tab or window.
  useTitle(session ? `${pendingAll.length ? `(${pendingAll.length}) ` : ''}${t('mod.title')}: ${pickText(session.title, forum?.languages)}` : t('mod.title'));
  const pending = pendingAll.filter((x) => (filter === 'all' || x.flagged) && matches(x));
  const publicList = [...approvedOf(pub), ...answeredOf(pub)].filter(matches);
  const textOf = (id: string) => q.pending.get(id)?.text ?? pub.questions.get(id)?.text;

  // Keep a selection: when the selected item leaves (approved by me or a colleague), take its neighbour.
  const lastPendingIndex = useRef(0);
  const pendingIds = pending.map((x) => x.id).join();
  const publicIds = publicList.map((x) => x.id).join();
  useEffect(() => {
    if (selPending && pending.some((x) => x.id === selPending)) {
      lastPendingIndex.current = pending.findIndex((x) => x.id === selPending);
      return;
    }
    const next = pending[Math.min(lastPendingIndex.current, pending.length - 1)];
    setSelPending(next?.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the list's ids: a re-ranked copy is the same list
  }, [pendingIds, selPending]);
  useEffect(() => {
    if (selPublic && publicList.some((x) => x.id === selPublic)) return;
    setSelPublic(publicList[0]?.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the list's ids: a re-ranked copy is the same list
  }, [publicIds, selPublic]);

  const run = async (fn: () => Promise<unknown>, okKey?: Parameters<typeof t>[0]) => {
    try {
      await fn();
      if (okKey) toast(t(okKey), 'success', 2500);
      setAuditTick((n) => n + 1);
    } catch (e) {
      toast(errorMessage(e, { conflict: 'mod.conflict', not_found: 'mod.gone' }), 'error');
    }
  };
  const current = pane === 'pending' ? pending.find((x) => x.id === selPending) : publicList.find((x) => x.id === selPublic);
  const list = pane === 'pending' ? pending : publicList;
  const sel = pane === 'pending' ? selPending : selPublic;
  const move = (d: 1 | -1) => {
    const i = list.findIndex((x) => x.id === sel);
    const next = list[Math.max(0, Math.min(list.length - 1, i + d))];
    if (!next) return;
    (pane === 'pending' ? setSelPending : setSelPublic)(next.id);
    document.getElementById(`${pane === 'pending' ? 'pq' : 'aq'}-${next.id}`)?.scrollIntoView({ block: 'nearest' });
  };
  const spotlightToggle = (x: QuestionView) => run(() => actions.spotlight(pub.spotlight?.id === x.id ? null : x.id));
  const startMerge = () => {
    const ids = checked.size ? [...checked] : current ? [current.id] : [];
    setMerging(ids.flatMap((id) => (textOf(id) ? [{ id, text: textOf(id) ?? '' }] : [])));
  };
  const undo = () =>
    run(async () => {
      const r = await actions.undo();
      toast(t('mod.undone', { action: t(`mod.action_${r.undone}`) }), 'success', 2500);
    });

  const dialogOpen = rejecting !== undefined || editing !== undefined || merging.length > 0 || help || promoting !== undefined;
  useShortcuts(!dialogOpen, {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    '1': () => setPane('pending'),
    '2': () => setPane('public'),
    '3': () => {
      setSide('floor');
      setTimeout(() => document.getElementById('floor-pane')?.focus());
    },
    a: () => void (pane === 'pending' && current && run(() => actions.approve(current.id), 'mod.approved')),
    r: () => current && setRejecting(current),
    e: () => current && setEditing(current),
    m: startMerge,
    x: () => current && setChecked((c) => toggle(c, current.id)),
    s: () => {
      const cur = pane === 'public' ? publicList.find((x) => x.id === selPublic) : undefined;
      if (cur) void spotlightToggle(cur);
    },
    d: () => void (pane === 'public' && current && current.status === 'approved' && run(() => actions.answered(current.id))),
    c: () => void (pub.spotlight && run(() => actions.spotlight(null))),
    p: () => {
      const cur = pane === 'public' ? publicList.find((x) => x.id === selPublic) : undefined;
      if (cur) setPromoting(cur);
    },
    u: () => void undo(),
    'ctrl+z': () => void undo(),
    '/': () => searchRef.current?.focus(),
    '?': () => setHelp(true),
  });

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  if (room.joined && !room.joined.capabilities.isModerator) {
    return (
      <div class="container page">
        <Notice tone="error">{t('mod.not_moderator')}</Notice>
        <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
      </div>
    );
  }
  const state = room.state ?? session.state;
  const organizer = room.joined?.capabilities.isOrganizer ?? false;
  const tz = forum?.timeZone ?? 'UTC';

  return (
    <div class="console">
      <header class="console-head">
        <div class="console-title">
          <p class="eyebrow">
            {t('mod.title')} · <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
          </p>
          <Localized as="h1" text={session.title} prefer={forum?.languages} />
          <p class="console-sub">
            <StateBadge state={state} />
            {room.viewers !== undefined && (
              <span class="viewers">
                <Icon name="eye" size={18} /> {t('session.viewers', { count: room.viewers })}
              </span>
            )}
            <span>{t('mod.pending_count', { count: pendingAll.length })}</span>
          </p>
        </div>
        <div class="console-controls">
          <Switch label={t('mod.premoderation')} hint={pub.premoderation ? t('mod.premoderation_on') : t('mod.premoderation_off')} checked={pub.premoderation} onChange={(v) => run(() => actions.premoderation(v))} />
          <Button onClick={undo} disabled={!q.undoable} title={q.undoable ? t(`mod.action_${q.undoable.action}`) : undefined}>
            <Icon name="undo" size={18} /> {q.undoable ? t('mod.undo_what', { action: t(`mod.action_${q.undoable.action}`) }) : t('mod.undo')} <kbd>U</kbd>
          </Button>
          <Button variant="ghost" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            {t('mod.shortcuts')} <kbd>?</kbd>
          </Button>
        </div>
      </header>
      {(room.error !== undefined || syncError !== undefined) && <ErrorNotice error={room.error ?? syncError} />}
      <div class="console-filters" role="group" aria-label={t('mod.filters')}>
        <div class="seg" role="radiogroup" aria-label={t('mod.show')}>
          {(['all', 'flagged'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={filter === f} class="seg-btn" onClick={() => setFilter(f)}>
              {f === 'all' ? t('mod.filter_all') : t('mod.filter_flagged', { count: pendingAll.filter((x) => x.flagged).length })}
            </button>
          ))}
        </div>
        <div class="seg" role="radiogroup" aria-label={t('qa.question_lang')}>
          {(['all', 'kk', 'ru', 'en'] as const).map((l) => (
            <button key={l} type="button" role="radio" aria-checked={langFilter === l} class="seg-btn" onClick={() => setLangFilter(l)}>
              {l === 'all' ? t('mod.lang_all') : l.toUpperCase()}
            </button>
          ))}
        </div>
        <label class="search">
          <span class="sr-only">{t('mod.search')}</span>
          <input ref={searchRef} type="search" class="input" placeholder={`${t('mod.search')} ( / )`} value={search} onInput={(e) => setSearch(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
        </label>
        {checked.size > 0 && (
          <span class="checked-bar">
            {t('mod.checked', { count: checked.size })}
            <Button size="sm" onClick={startMerge}>
              <Icon name="merge" size={16} /> {t('mod.merge')} <kbd>M</kbd>
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setChecked(new Set())}>
              {t('mod.uncheck')}
            </Button>
          </span>
        )}
      </div>
      <div class="console-grid">
        <section class={`pane${pane === 'pending' ? ' is-active' : ''}`} aria-labelledby="pending-h" onFocusCapture={() => setPane('pending')} onClick={() => setPane('pending')}>
          <div class="pane-head">
            <h2 id="pending-h">
              {t('mod.pending')} <span class="count-pill neutral">{formatNumber(pending.length)}</span>
            </h2>
            <kbd class="pane-key">1</kbd>
          </div>
          {!q.ready ? (
            <p class="muted">{t('common.loading')}</p>
          ) : pending.length === 0 ? (
            <p class="empty-pane">{pendingAll.length ? t('mod.none_match') : t('mod.queue_empty')}</p>
          ) : (
            <ul class="mq-list" aria-live="off">
              {pending.map((x) => (
                <PendingItem
                  key={x.id}
                  q={x}
                  timeZone={tz}
                  selected={x.id === selPending}
                  checked={checked.has(x.id)}
                  onSelect={() => (setPane('pending'), setSelPending(x.id))}
                  onCheck={() => setChecked((c) => toggle(c, x.id))}
                  onApprove={() => run(() => actions.approve(x.id), 'mod.approved')}
                  onReject={() => setRejecting(x)}
                />
              ))}
            </ul>
          )}
        </section>
        <section class={`pane${pane === 'public' ? ' is-active' : ''}`} aria-labelledby="public-h" onFocusCapture={() => setPane('public')} onClick={() => setPane('public')}>
          <div class="pane-head">
            <h2 id="public-h">
              {t('mod.published')} <span class="count-pill neutral">{formatNumber(publicList.length)}</span>
            </h2>
            <kbd class="pane-key">2</kbd>
          </div>
          <Spotlight question={pub.spotlight} />
          {pub.spotlight && (
            <Button size="sm" variant="ghost" onClick={() => run(() => actions.spotlight(null))}>
              {t('mod.clear_spotlight')} <kbd>C</kbd>
            </Button>
          )}
          {publicList.length === 0 ? (
            <p class="empty-pane">{t('mod.published_empty')}</p>
          ) : (
            <ul class="mq-list">
              {publicList.map((x) => (
                <PublicItem
                  key={x.id}
                  q={x}
                  timeZone={tz}
                  selected={x.id === selPublic}
                  checked={checked.has(x.id)}
                  spotlit={pub.spotlight?.id === x.id}
                  burst={x.status === 'approved' ? bursts.get(x.id) : undefined}
                  onSelect={() => (setPane('public'), setSelPublic(x.id))}
                  onCheck={() => setChecked((c) => toggle(c, x.id))}
                  onSpotlight={() => spotlightToggle(x)}
                  onAnswered={() => run(() => actions.answered(x.id))}
                  onPromote={() => setPromoting(x)}
                />
              ))}
            </ul>
          )}
        </section>
        <aside class="pane pane-side">
          <div class="side-switch" role="tablist" aria-label={t('mod.side')}>
            <button type="button" role="tab" class="seg-btn" aria-selected={side === 'audit'} onClick={() => setSide('audit')}>
              {t('mod.audit')}
            </button>
            <button type="button" role="tab" class="seg-btn" aria-selected={side === 'recs'} onClick={() => setSide('recs')}>
              {t('session.tab_recs')}
            </button>
            <button type="button" role="tab" class="seg-btn" aria-selected={side === 'polls'} onClick={() => setSide('polls')}>
              {t('poll.title')}
            </button>
            <button type="button" role="tab" class="seg-btn" aria-selected={side === 'floor'} onClick={() => setSide('floor')} aria-keyshortcuts="3">
              {t('mod.floor')} <span class="count-pill neutral">{formatNumber(floorQueue?.requests.length ?? 0)}</span> <kbd>3</kbd>
            </button>
          </div>
          <div role="tabpanel">
            {side === 'audit' ? (
              <AuditPanel sessionId={session.id} timeZone={tz} organizer={organizer} textOf={textOf} refreshKey={auditTick} />
            ) : side === 'recs' ? (
              <RecsModeration model={recs} />
            ) : side === 'polls' ? (
              <PollsConsole model={polls} sessionId={session.id} live={state === 'live'} prefer={forum?.languages} />
            ) : (
              <FloorPane model={floor} run={run} />
            )}
          </div>
        </aside>
      </div>
      <RejectDialog
        question={rejecting}
        onClose={() => setRejecting(undefined)}
        onReject={async (reason, note) => {
          const target = rejecting;
          if (!target) return;
          await run(() => actions.reject(target.id, reason, note || undefined), 'mod.rejected');
          setRejecting(undefined);
        }}
      />
      <EditDialog
        question={editing}
        onClose={() => setEditing(undefined)}
        onSave={async (text) => {
          const target = editing;
          if (!target) return;
          await run(() => actions.edit(target.id, text), 'organize.saved');
          setEditing(undefined);
        }}
      />
      <MergeDialog
        sources={merging}
        candidates={[...publicList, ...pending].map((x) => ({ id: x.id, text: x.text, votes: x.votes, status: x.status }))}
        onClose={() => setMerging([])}
        onMerge={async (targetId) => {
          await run(() => actions.merge(merging.map((m) => m.id), targetId), 'mod.merged');
          setMerging([]);
          setChecked(new Set());
        }}
      />
      <PromoteDialog
        question={promoting}
        onClose={() => setPromoting(undefined)}
        onPromote={async (v) => {
          const q = promoting;
          if (!q) return;
          await run(() => recs.promote({ questionId: q.id, text: v.text, addressee: v.addressee || null, ...(v.answer ? { answer: v.answer } : {}) }), 'mod.promoted');
          setPromoting(undefined);
          setSide('recs');
        }}
      />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}

function toggle(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
