import { useState } from 'preact/hooks';
import { AGENDA_ROUTES, ForumInput, ForumPatch, type ForumView } from '../../../../common/agenda.contract';
import type { Lang, LocalizedText } from '../../../../common/base';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { Select, TextField } from '../../ui/field';
import { ErrorNotice } from '../../ui/notice';
import { issueAt, useFormSave } from './form-issues';
import { compact, LocalizedInput } from './localized-input';

const ZONES = ['Asia/Almaty', 'Asia/Aqtobe', 'Asia/Aqtau', 'Asia/Atyrau', 'Asia/Oral', 'Asia/Qostanay', 'Asia/Qyzylorda', 'Europe/Moscow', 'UTC'];
const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

interface Draft {
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  languages: Lang[];
  timeZone: string;
  startsOn: string;
  days: string;
}

function draftOf(f?: ForumView): Draft {
  return {
    slug: f?.slug ?? '',
    title: f?.title ?? {},
    description: f?.description ?? {},
    languages: f?.languages ?? ['kk', 'ru'],
    timeZone: f?.timeZone ?? 'Asia/Almaty',
    startsOn: f?.startsOn ?? '',
    days: String(f?.days ?? 5),
  };
}

/** Creates a forum, or edits one when `forum` is given; answers with the saved forum. */
export function ForumForm({ forum, onSaved, onCancel }: { forum?: ForumView; onSaved: (f: ForumView) => void; onCancel?: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(forum));
  const { issues, error, busy, save } = useFormSave();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const zones = ZONES.includes(d.timeZone) ? ZONES : [d.timeZone, ...ZONES];

  const submit = async (e: Event) => {
    e.preventDefault();
    const description = compact(d.description);
    const body = {
      slug: d.slug.trim(),
      title: compact(d.title),
      ...(Object.keys(description).length ? { description } : {}),
      languages: d.languages,
      timeZone: d.timeZone,
      startsOn: d.startsOn,
      days: Number(d.days),
    };
    const saved = await save(ForumInput, body, (data) =>
      forum ? http.call(AGENDA_ROUTES.updateForum, { params: { forumId: forum.id }, body: ForumPatch.parse(data) }) : http.call(AGENDA_ROUTES.createForum, { body: data }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <form onSubmit={submit} noValidate class="stack-form">
      {error !== undefined && <ErrorNotice error={error} context={{ conflict: 'organize.slug_taken' }} />}
      <LocalizedInput label={t('organize.forum_title')} value={d.title} onChange={(v) => set('title', v)} langs={d.languages} max={200} error={issueAt(issues, 'title')} required />
      <LocalizedInput label={t('organize.description')} value={d.description} onChange={(v) => set('description', v)} langs={d.languages} max={4000} multiline error={issueAt(issues, 'description')} />
      <fieldset class="loc-input">
        <legend>{t('organize.languages')}</legend>
        {issueAt(issues, 'languages') && <p class="field-error">{issueAt(issues, 'languages')}</p>}
        <div class="check-row">
          {(['kk', 'ru', 'en'] as const).map((l) => (
            <label key={l} class="check">
              <input
                type="checkbox"
                checked={d.languages.includes(l)}
                onChange={(e) => set('languages', e.currentTarget.checked ? [...d.languages, l] : d.languages.filter((x) => x !== l))}
              />
              {LANG_NAMES[l]}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="form-grid">
        <TextField label={t('organize.slug')} hint={t('organize.slug_hint')} value={d.slug} onInput={(v) => set('slug', v.toLowerCase())} error={issueAt(issues, 'slug')} maxLength={64} required />
        <Select label={t('organize.time_zone')} value={d.timeZone} onChange={(v) => set('timeZone', v)} options={zones.map((z) => ({ value: z, label: z }))} error={issueAt(issues, 'timeZone')} />
        <TextField label={t('organize.starts_on')} type="date" value={d.startsOn} onInput={(v) => set('startsOn', v)} error={issueAt(issues, 'startsOn')} required />
        <TextField label={t('organize.days')} type="number" inputMode="numeric" min="1" max="60" value={d.days} onInput={(v) => set('days', v)} error={issueAt(issues, 'days')} required />
      </div>
      <div class="form-actions">
        {onCancel && (
          <Button onClick={onCancel} variant="ghost">
            {t('action.cancel')}
          </Button>
        )}
        <Button type="submit" variant="primary" busy={busy}>
          {forum ? t('action.save') : t('organize.create_forum')}
        </Button>
      </div>
    </form>
  );
}
