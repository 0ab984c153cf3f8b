import type { Lang } from '../../../common/base';
import { useStore } from '../state/store';
import { numberLocaleOf } from './format';
import { applyLang, lang } from './lang';
import type { MessageKey, Messages, Plural } from './messages';

export type { MessageKey } from './messages';
export { lang, UI_LANGS } from './lang';

/** Each language is its own chunk: a reader downloads one dictionary, not three. */
const LOADERS: Record<Lang, () => Promise<Messages>> = {
  kk: async () => (await import('./kk')).kk,
  ru: async () => (await import('./ru')).ru,
  en: async () => (await import('./en')).en,
};
const DICTS: Partial<Record<Lang, Messages>> = {};
const loading = new Map<Lang, Promise<void>>();

/** Fetches a language's dictionary once; the app renders in a language only after this resolves. */
export function loadDictionary(l: Lang): Promise<void> {
  let p = loading.get(l);
  if (!p) {
    p = LOADERS[l]().then((d) => void (DICTS[l] = d));
    p.catch(() => loading.delete(l));
    loading.set(l, p);
  }
  return p;
}

/** Switches the interface language (once its dictionary is here) and remembers the choice on this device. */
export async function setLang(l: Lang): Promise<void> {
  await loadDictionary(l);
  applyLang(l);
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralOf(l: Lang, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(l);
  if (!r) pluralRules.set(l, (r = new Intl.PluralRules(l)));
  return r.select(n);
}

export type Params = Record<string, string | number>;

function interpolate(l: Lang, s: string, params?: Params): string {
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(v, l) : v;
  });
}

/**
 * Translates a key into the current language. Plural messages pick their form from
 * `params.count`. Every key exists in every language (checked by the compiler), so the
 * bracketed fallback only shows if a dictionary is corrupted at run time or not loaded yet.
 */
export function t(key: MessageKey, params?: Params, l: Lang = lang.get()): string {
  const m: string | Plural | undefined = DICTS[l]?.[key];
  if (m === undefined) return `⟦${key}⟧`;
  if (typeof m === 'string') return interpolate(l, m, params);
  const n = typeof params?.count === 'number' ? params.count : 0;
  const form = pluralOf(l, n);
  return interpolate(l, (form === 'two' ? undefined : m[form]) ?? m.other, params);
}

/** Subscribes a component to language changes; returns the current language. */
export function useLang(): Lang {
  return useStore(lang);
}

export function formatNumber(n: number, l: Lang = lang.get(), opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(numberLocaleOf(l), opts).format(n);
}
