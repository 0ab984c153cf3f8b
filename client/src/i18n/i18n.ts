import type { Lang } from '../../../common/base';
import { useStore } from '../state/store';
import { numberLocaleOf } from './format';
import { applyLang, lang } from './lang';
import type { Message, MessageKey, Plural } from './messages';

export type { MessageKey } from './messages';
export { lang, UI_LANGS } from './lang';

/**
 * Each language is its own chunk, in three parts: what the session page shows on arrival and
 * every page needs (`public`); what the other pages and the session page's later parts show
 * (`pages`); what only the staff pages show (`staff`). A viewer opening a live session downloads
 * the first, a citizen never the third.
 */
export type StringsPart = 'pages' | 'staff';
type Part = 'public' | StringsPart;
const LOADERS: Record<Part, Record<Lang, () => Promise<Partial<Record<MessageKey, Message>>>>> = {
  public: {
    kk: async () => (await import('./kk')).kk,
    ru: async () => (await import('./ru')).ru,
    en: async () => (await import('./en')).en,
  },
  pages: {
    kk: async () => (await import('./pages.kk')).pagesKk,
    ru: async () => (await import('./pages.ru')).pagesRu,
    en: async () => (await import('./pages.en')).pagesEn,
  },
  staff: {
    kk: async () => (await import('./staff.kk')).staffKk,
    ru: async () => (await import('./staff.ru')).staffRu,
    en: async () => (await import('./staff.en')).staffEn,
  },
};
const DICTS: Partial<Record<Lang, Partial<Record<MessageKey, Message>>>> = {};
const loading = new Map<string, Promise<void>>();
/** The parts some page or part opened so far wanted: a language switch brings them in the new language too. */
const wanted = new Set<Part>(['public']);

function loadPart(part: Part, l: Lang): Promise<void> {
  const id = `${part}:${l}`;
  let p = loading.get(id);
  if (!p) {
    p = LOADERS[part][l]().then((d) => void (DICTS[l] = { ...DICTS[l], ...d }));
    p.catch(() => loading.delete(id));
    loading.set(id, p);
  }
  return p;
}

/** Fetches a language's dictionary once (with the parts wanted so far); the app renders in a language only after this resolves. */
export async function loadDictionary(l: Lang): Promise<void> {
  await Promise.all([...wanted].map((part) => loadPart(part, l)));
}

/** Fetches a part of the current language's strings; what shows them renders only after this resolves. */
export function loadStrings(part: StringsPart): Promise<void> {
  wanted.add(part);
  return loadPart(part, lang.get());
}

/** A module fetched on demand that shows the `pages` strings: resolves once both are here. */
export function withPageStrings<M>(module: Promise<M>): Promise<M> {
  return Promise.all([module, loadStrings('pages')]).then(([m]) => m);
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
