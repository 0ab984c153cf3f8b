import { useState } from 'preact/hooks';
import { AGENDA_ROUTES, SessionInput, SessionPatch, type SessionView, type ForumView, type PlatformView, type Speaker } from '../../../../common/agenda.contract';
import type { LocalizedText } from '../../../../common/base';
import { http } from '../../api/http';
import { utcOffset } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { Select, TextField } from '../../ui/field';
import { pickText } from '../../ui/localized';
import { ErrorNotice } from '../../ui/notice';
import { issueAt, useFormSave } from './form-issues';
import { compact, LocalizedInput } from './localized-input';
import { fromZonedInput, toZonedInput } from './zoned-time';

interface Draft {
  platformId: string;
  title: LocalizedText;
  description: LocalizedText;
  speakers: { name: string; affiliation: string }[];
  startsAt: string; // datetime-local in the forum's zone
  endsAt: string;
}

function draftOf(forum: ForumView, platforms: PlatformView[], s?: SessionView): Draft {
  const firstDay = `${forum.startsOn}T10:00`;
  return {
    platformId: s?.platformId ?? platforms[0]?.id ?? '',
    title: s?.title ?? {},
    description: s?.description ?? {},
    speakers: (s?.speakers ?? []).map((sp) => ({ name: sp.name, affiliation: pickText(sp.affiliation, forum.languages) })),
    startsAt: s ? toZonedInput(s.startsAt, forum.timeZone) : firstDay,
    endsAt: s ? toZonedInput(s.endsAt, forum.timeZone) : `${forum.startsOn}T12:00`,
  };
}

/** Schedules a session, or edits one; times are entered on the forum's wall clock. */
export function SessionForm({ forum, platforms, session, onSaved, onCancel }: { forum: ForumView; platforms: PlatformView[]; session?: SessionView; onSaved: (s: SessionView) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(forum, platforms, session));
  const { issues, error, busy, save } = useFormSave();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const lang = forum.languages[0] ?? 'ru';

  const submit = async (e: Event) => {
    e.preventDefault();
    const speakers: Speaker[] = d.speakers
      .filter((s) => s.name.trim())
      .map((s) => ({ name: s.name.trim(), ...(s.affiliation.trim() ? { affiliation: { [lang]: s.affiliation.trim() } } : {}) }));
    const description = compact(d.description);
    const body = {
      platformId: d.platformId,
      title: compact(d.title),
      ...(Object.keys(description).length ? { description } : {}),
      speakers,
      startsAt: fromZonedInput(d.startsAt, forum.timeZone) ?? '',
      endsAt: fromZonedInput(d.endsAt, forum.timeZone) ?? '',
    };
    const saved = session
      ? await save(SessionPatch, body, (data) => http.call(AGENDA_ROUTES.updateSession, { params: { sessionId: session.id }, body: data }))
      : await save(SessionInput, body, (data) => http.call(AGENDA_ROUTES.createSession, { params: { forumId: forum.id }, body: data }));
    if (saved) onSaved(saved);
  };

  return (
    <form onSubmit={submit} noValidate class="stack-form">
      {error !== undefined && <ErrorNotice error={error} />}
      <Select label={t('organize.platform')} value={d.platformId} onChange={(v) => set('platformId', v)} options={platforms.map((p) => ({ value: p.id, label: pickText(p.title, forum.languages) }))} error={issueAt(issues, 'platformId')} />
      <LocalizedInput label={t('organize.session_title')} value={d.title} onChange={(v) => set('title', v)} langs={forum.languages} max={200} error={issueAt(issues, 'title')} required />
      <div class="form-grid">
        <TextField label={t('organize.starts_at')} type="datetime-local" value={d.startsAt} onInput={(v) => set('startsAt', v)} error={issueAt(issues, 'startsAt')} hint={`${forum.timeZone} (${utcOffset(forum.timeZone)})`} required />
        <TextField label={t('organize.ends_at')} type="datetime-local" value={d.endsAt} onInput={(v) => set('endsAt', v)} error={issueAt(issues, 'endsAt')} required />
      </div>
      <fieldset class="loc-input">
        <legend>{t('organize.speakers')}</legend>
        {d.speakers.map((sp, i) => (
          <div class="speaker-row" key={i}>
            <TextField label={t('organize.speaker_name')} value={sp.name} maxLength={120} onInput={(v) => set('speakers', d.speakers.map((x, j) => (j === i ? { ...x, name: v } : x)))} error={issueAt(issues, `speakers.${i}`)} />
            <TextField label={t('organize.speaker_affiliation')} value={sp.affiliation} maxLength={200} lang={lang} onInput={(v) => set('speakers', d.speakers.map((x, j) => (j === i ? { ...x, affiliation: v } : x)))} />
            <Button size="sm" variant="ghost" class="speaker-remove" onClick={() => set('speakers', d.speakers.filter((_, j) => j !== i))} aria-label={t('organize.remove_speaker', { name: sp.name || String(i + 1) })}>
              {t('organize.remove')}
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => set('speakers', [...d.speakers, { name: '', affiliation: '' }])}>
          {t('organize.add_speaker')}
        </Button>
      </fieldset>
      <LocalizedInput label={t('organize.description')} value={d.description} onChange={(v) => set('description', v)} langs={forum.languages} max={4000} multiline error={issueAt(issues, 'description')} />
      <div class="form-actions">
        <Button onClick={onCancel} variant="ghost">
          {t('action.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {session ? t('action.save') : t('organize.schedule')}
        </Button>
      </div>
    </form>
  );
}
