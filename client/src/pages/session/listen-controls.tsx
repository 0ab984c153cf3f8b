import { LANG_NAMES, type Lang } from '../../../../common/base';
import { t } from '../../i18n/i18n';
import type { Listening } from '../../media';
import { Select, Switch } from '../../ui/field';
import { Notice } from '../../ui/notice';
import { isLang } from '../../i18n/lang';

const ORIGINAL = 'original';

/**
 * The listener's language choice: the original or a language channel (each with its live/idle
 * state), the floor kept quietly under it, and the notice when the channel has nobody on air.
 */
export function LanguageChoice({ listening, onChange }: { listening: Listening; onChange: (p: { channel: Lang | null; floorUnder: boolean }) => void }) {
  const { channels, chosen, floorUnder, fallback } = listening;
  // A remembered channel this session does not have is still shown, as idle, so the choice stays visible.
  const langs = chosen && !channels.some((c) => c.lang === chosen) ? [...channels.map((c) => c.lang), chosen] : channels.map((c) => c.lang);
  if (!langs.length) return null;
  const live = (l: Lang) => channels.some((c) => c.lang === l && c.live && c.producerId);
  const options = [
    { value: ORIGINAL, label: t('listen.original') },
    ...langs.map((l) => ({ value: l, label: `${LANG_NAMES[l]} · ${live(l) ? t('listen.live') : t('listen.idle')}` })),
  ];
  return (
    <>
      <Select label={t('listen.label')} value={chosen ?? ORIGINAL} onChange={(v) => onChange({ channel: isLang(v) ? v : null, floorUnder })} options={options} />
      {chosen && <Switch label={t('listen.floor_under')} checked={floorUnder} onChange={(v) => onChange({ channel: chosen, floorUnder: v })} />}
      {fallback && chosen && (
        <div class="listen-notice">
          <Notice tone="info">{t('listen.fallback', { lang: LANG_NAMES[chosen] })}</Notice>
        </div>
      )}
    </>
  );
}

/** Captions on or off, and in which language. */
export function CaptionChoice({ tracks, value, onChange }: { tracks: readonly Lang[]; value: Lang | null; onChange: (l: Lang | null) => void }) {
  if (!tracks.length && !value) return null;
  const langs = value && !tracks.includes(value) ? [...tracks, value] : tracks;
  return (
    <Select
      label={t('captions.label')}
      value={value ?? 'off'}
      onChange={(v) => onChange(isLang(v) ? v : null)}
      options={[{ value: 'off', label: t('captions.off') }, ...langs.map((l) => ({ value: l, label: LANG_NAMES[l] }))]}
    />
  );
}
