import type { Lang } from '../../../common/base';
import { lang as uiLang } from '../i18n/lang';
import { useLang } from '../i18n/i18n';

const ORDER: Lang[] = ['kk', 'ru', 'en'];

/**
 * Picks the reader's language from text given per language, else the first available
 * in the content's own preference order (the forum's languages), else any.
 */
export function pick(text: Record<string, string> | undefined, prefer: readonly Lang[] = ORDER, l: Lang = uiLang.get()): { text: string; lang: Lang } | undefined {
  if (!text) return undefined;
  const own = text[l];
  if (own) return { text: own, lang: l };
  for (const c of [...prefer, ...ORDER]) {
    const v = text[c];
    if (v) return { text: v, lang: c };
  }
  return undefined;
}

export function pickText(text: Record<string, string> | undefined, prefer?: readonly Lang[]): string {
  return pick(text, prefer)?.text ?? '';
}

const LANG_TAG: Record<Lang, string> = { kk: 'ҚАЗ', ru: 'РУС', en: 'ENG' };

/** A short visible tag for a content language (also read out in full). */
export function LangTag({ lang }: { lang: Lang }) {
  const name = { kk: 'Қазақша', ru: 'Русский', en: 'English' }[lang];
  return (
    <abbr class="lang-tag" title={name} lang={lang}>
      {LANG_TAG[lang]}
    </abbr>
  );
}

/**
 * User or organizer text in its own language. When it is not in the reader's language
 * the content's language is marked, so a Kazakh reader knows a title is in Russian.
 */
export function Localized({ text, prefer, as: Tag = 'span', class: cls }: { text: Record<string, string> | undefined; prefer?: readonly Lang[]; as?: 'span' | 'h1' | 'h2' | 'h3' | 'p' | 'div'; class?: string }) {
  const l = useLang();
  const p = pick(text, prefer, l);
  if (!p) return null;
  return (
    <Tag class={cls} lang={p.lang}>
      {p.text}
      {p.lang !== l && (
        <>
          {' '}
          <LangTag lang={p.lang} />
        </>
      )}
    </Tag>
  );
}
