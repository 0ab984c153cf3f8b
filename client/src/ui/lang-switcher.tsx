import { LANG_NAMES as NAME } from '../../../common/base';
import { setLang, t, UI_LANGS, useLang } from '../i18n/i18n';

const LABEL = { kk: 'ҚАЗ', ru: 'РУС', en: 'ENG' } as const;

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
          // The visible abbreviation is part of the name (WCAG 2.5.3), the full name follows.
          aria-label={`${LABEL[l]} ${NAME[l]}`}
          title={NAME[l]}
          data-lang={l}
          onClick={() => void setLang(l)}
        >
          {LABEL[l]}
        </button>
      ))}
    </div>
  );
}
