import type { Lang } from '../../../common/base';
import { Store } from '../state/store';

/** The interface languages, in the order the switcher shows them. */
export const UI_LANGS = ['kk', 'ru', 'en'] as const satisfies readonly Lang[];

const STORAGE_KEY = 'birge.lang';

export function isLang(v: unknown): v is Lang {
  return v === 'kk' || v === 'ru' || v === 'en';
}

function readSaved(): Lang | undefined {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLang(v) ? v : undefined;
  } catch {
    return undefined; // private mode or storage disabled
  }
}

/** Saved choice first, then the browser's preferences; Kazakh, the state language, otherwise. */
function initialLang(): Lang {
  const saved = readSaved();
  if (saved) return saved;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'kk';
}

/** The reader's interface language; `<html lang>` follows it. */
export const lang = new Store<Lang>(initialLang());
document.documentElement.lang = lang.get();

/** Makes `l` the interface language and remembers it; `setLang` in i18n.ts loads its dictionary first. */
export function applyLang(l: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // The choice still applies for this visit.
  }
  document.documentElement.lang = l;
  lang.set(l);
}
