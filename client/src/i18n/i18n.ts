import type { Lang } from '../../../common/base';
import { useStore } from '../state/store';
import { en } from './en';
import { numberLocaleOf } from './format';
import { kk } from './kk';
import { lang } from './lang';
import type { MessageKey, Messages, Plural } from './messages';
import { ru } from './ru';

export type { MessageKey } from './messages';
export { lang, setLang, UI_LANGS } from './lang';

const DICTS: Record<Lang, Messages> = { kk, ru, en };

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
 * bracketed fallback only shows if a dictionary is corrupted at run time.
 */
export function t(key: MessageKey, params?: Params, l: Lang = lang.get()): string {
  const m: string | Plural | undefined = DICTS[l][key];
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
