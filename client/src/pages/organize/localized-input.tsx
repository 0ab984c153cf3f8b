import type { Lang, LocalizedText } from '../../../../common/base';
import { t } from '../../i18n/i18n';
import { TextArea, TextField } from '../../ui/field';

const NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/**
 * One field per forum language; the forum's languages come first and at least one is
 * required (the server says so too). Each input is marked with its language for spell-checking.
 */
export function LocalizedInput({
  label,
  value,
  onChange,
  langs,
  multiline,
  max,
  error,
  required,
}: {
  label: string;
  value: LocalizedText;
  onChange: (v: LocalizedText) => void;
  langs: readonly Lang[];
  multiline?: boolean;
  max: number;
  error?: string | undefined;
  required?: boolean;
}) {
  const order: Lang[] = [...langs, ...(['kk', 'ru', 'en'] as const).filter((l) => !langs.includes(l))];
  const set = (l: Lang, v: string) => onChange({ ...value, [l]: v });
  return (
    <fieldset class="loc-input">
      <legend>
        {label}
        {required && <span class="req" aria-hidden="true"> *</span>}
      </legend>
      {error && <p class="field-error">{error}</p>}
      <div class={multiline ? 'loc-stack' : 'loc-grid'}>
        {order.map((l) =>
          multiline ? (
            <TextArea key={l} label={NAMES[l]} value={value[l] ?? ''} onInput={(v) => set(l, v)} maxLength={max} rows={3} />
          ) : (
            <TextField key={l} label={NAMES[l]} value={value[l] ?? ''} onInput={(v) => set(l, v)} maxLength={max} lang={l} hint={langs.includes(l) ? undefined : t('organize.lang_not_in_forum')} />
          ),
        )}
      </div>
    </fieldset>
  );
}

/** Drops empty languages so `{kk: ''}` is never sent: the schema wants each present one non-empty. */
export function compact(v: LocalizedText): LocalizedText {
  const out: LocalizedText = {};
  for (const l of ['kk', 'ru', 'en'] as const) {
    const s = v[l]?.trim();
    if (s) out[l] = s;
  }
  return out;
}
