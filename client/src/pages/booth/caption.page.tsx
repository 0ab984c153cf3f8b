import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LANG_NAMES, type Lang } from '../../../../common/base';
import { CaptionBoothView, CaptionLine, type CaptionLine as Line } from '../../../../common/captions.contract';
import { sessionWithAgenda } from '../../api/session-agenda';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import { t, useLang } from '../../i18n/i18n';
import { CaptionsModel } from '../../live/captions-model';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select } from '../../ui/field';
import { PageError, PageLoading } from '../../ui/loading';
import { pickText } from '../../ui/localized';
import { ErrorNotice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { useSound } from '../session/sound';
import { useFloor } from './floor';
import { BoothHead } from './booth-head';
import { FloorView } from './floor-view';
import './booth.css';

/** The longest line the server takes; the booth nudges toward much shorter ones. */
const MAX = 300;

/**
 * The captioner's booth, built for speed: one always-focused line, Enter sends, ↑ brings the
 * last line back to correct it, Esc drops a correction. The floor plays with the least delay.
 */
export default function CaptionPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const model = useMemo(() => new CaptionsModel(sessionId), [sessionId]);
  const [booth, setBooth] = useState<CaptionBoothView | undefined>(undefined);
  const [boothError, setBoothError] = useState<unknown>(undefined);
  const [lang, setLang] = useState<Lang | undefined>(undefined);
  useEffect(() => {
    model.attach();
    return () => model.detach();
  }, [model]);
  const room = useSessionRoom(sessionId, () => {
    ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('caption:booth', { sessionId }), CaptionBoothView).then((b) => {
      setBooth(b);
      void model.resync().catch(setBoothError);
    }, setBoothError);
  });
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const cc = useStore(model.state);
  const mine = booth?.mine ?? [];
  const myLang = lang && mine.includes(lang) ? lang : mine[0];
  useEffect(() => {
    if (myLang) void model.show(myLang).catch(setBoothError);
  }, [model, myLang]);
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  const state = room.state ?? session?.state;
  const floor = useFloor(sessionId, state === 'live' && mine.length > 0);
  const audio = useRef<HTMLAudioElement>(null);
  const [, setBlocked] = useState(false);
  useSound(audio, floor.feeds.filter((f) => f.kind === 'audio' && !f.channel).map((f) => f.track), [], setBlocked);
  useTitle(session ? `${t('caption.title')}: ${pickText(session.title, forum?.languages)}` : t('caption.title'));

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  if (boothError !== undefined && !booth) {
    return (
      <div class="container page">
        <ErrorNotice error={boothError} context={{ forbidden: 'caption.not_captioner' }} />
        <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
      </div>
    );
  }

  return (
    <div class="container booth">
      <BoothHead titleKey="caption.title" session={session} languages={forum?.languages} state={state} />
      {room.error !== undefined && <ErrorNotice error={room.error} />}
      <div class="booth-grid">
        <section class="booth-stage" aria-labelledby="floor-h">
          <h2 id="floor-h" class="sr-only">
            {t('interp.floor_video')}
          </h2>
          <FloorView feeds={floor.feeds} poster={state !== 'live' ? t('caption.wait_for_start') : undefined} />
          <audio ref={audio} autoplay />
        </section>
        <section class="booth-console" aria-labelledby="console-h">
          <h2 id="console-h" class="panel-title">
            {t('caption.sent')}
          </h2>
          {mine.length > 1 && <Select label={t('caption.language')} value={myLang ?? mine[0]!} onChange={setLang} options={mine.map((l) => ({ value: l, label: LANG_NAMES[l] }))} />}
          {myLang && <CaptionDesk sessionId={sessionId} lang={myLang} lines={cc.lang === myLang ? cc.lines : []} live={state === 'live'} />}
        </section>
      </div>
    </div>
  );
}

function CaptionDesk({ sessionId, lang, lines, live }: { sessionId: string; lang: Lang; lines: readonly Line[]; live: boolean }) {
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<Line | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [lines.length]);

  const edit = (l: Line | undefined) => {
    setEditing(l);
    setText(l?.text ?? '');
    input.current?.focus();
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    const s = getSocket().timeout(ACK_TIMEOUT_MS);
    const sent = editing ? s.emitWithAck('caption:correct', { sessionId, lineId: editing.id, text: value }) : s.emitWithAck('caption:send', { sessionId, lang, text: value });
    // Cleared at once: the next line is typed while this one travels; a refusal brings it back.
    setText('');
    setEditing(undefined);
    setError(undefined);
    ack(sent, CaptionLine).catch((err: unknown) => {
      setError(err);
      setText((now) => now || value);
    });
    input.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' && !text) {
      e.preventDefault();
      edit(lines.at(-1));
    } else if (e.key === 'Escape' && editing) {
      e.preventDefault();
      edit(undefined);
    }
  };

  return (
    <>
      <ol class="caption-list" ref={list} lang={lang}>
        {lines.length === 0 && <li class="muted">{t('caption.none', { lang: LANG_NAMES[lang] })}</li>}
        {lines.map((l) => (
          <li key={l.id} class={editing?.id === l.id ? 'is-editing' : undefined}>
            <span class="caption-seq">{l.seq}</span>
            <span class="caption-text">{l.text}</span>
            {l.revision > 1 && <span class="muted small"> · {t('caption.corrected')}</span>}
            <Button size="sm" variant="ghost" onClick={() => edit(l)} aria-label={`${t('caption.edit')}: ${l.seq}`}>
              {t('caption.edit')}
            </Button>
          </li>
        ))}
      </ol>
      {error !== undefined && <ErrorNotice error={error} context={{ invalid_state: 'caption.wait_for_start' }} />}
      <form class="caption-form" onSubmit={submit}>
        <label class="field-label" for="caption-input">
          {editing ? t('caption.editing', { n: editing.seq }) : `${t('caption.input')} (${LANG_NAMES[lang]})`}
        </label>
        <div class="caption-row">
          <input
            id="caption-input"
            ref={input}
            class="input caption-input"
            lang={lang}
            autoFocus
            autoComplete="off"
            spellcheck
            maxLength={MAX}
            value={text}
            disabled={!live}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={onKey}
            aria-describedby="caption-hint"
          />
          <Button type="submit" variant="primary" disabled={!live || !text.trim()}>
            {editing ? t('caption.save') : t('caption.send')}
          </Button>
        </div>
        <p id="caption-hint" class="field-hint">
          {t('caption.hint')} {t('caption.chars_left', { count: MAX - text.length })}
        </p>
      </form>
    </>
  );
}
