import { setLang, t, UI_LANGS, useLang } from '../i18n/i18n';

const LABEL = { kk: 'ҚАЗ', ru: 'РУС', en: 'ENG' } as const;
const NAME = { kk: 'Қазақша', ru: 'Русский', en: 'English' } as const;

/** Three buttons rather than a menu: one tap on a phone, and each names itself in its own language. */
export function LangSwitcher() {
  const current = useLang();
  return (
    <div class="lang-switcher" role="group" aria-label={t('nav.language')}>
      {UI_LANGS.map((l) => (
        <button
          key={l}
          type="button"
          class="lang-btn"
          lang={l}
          aria-pressed={current === l}
          aria-label={NAME[l]}
          title={NAME[l]}
          data-lang={l}
          onClick={() => setLang(l)}
        >
          {LABEL[l]}
        </button>
      ))}
    </div>
  );
}
