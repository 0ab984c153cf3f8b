/**
 * The shape every language dictionary must have. English is the reference: its keys
 * define `MessageKey`, and `Messages` requires each of them in every language, with the
 * same kind (plain string or plural forms). A missing or extra key fails the compiler.
 */
import type { en } from './en';
import type { pagesEn } from './pages.en';
import type { staffEn } from './staff.en';

/** CLDR plural categories we use; `other` is always required. Kazakh needs only `other`. */
export interface Plural {
  zero?: string;
  one?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | Plural;
type DictionaryOf<R> = { readonly [K in keyof R]: R[K] extends string ? string : Plural };
/** What every page may show; loaded before the first render. */
export type Messages = DictionaryOf<typeof en>;
/** What the session page does not show on arrival (the other pages load it with the page: routes.ts `strings`). */
export type PagesMessages = DictionaryOf<typeof pagesEn>;
/** What only the staff pages show (their routes load it with the page: routes.ts `strings`). */
export type StaffMessages = DictionaryOf<typeof staffEn>;
export type MessageKey = keyof Messages | keyof PagesMessages | keyof StaffMessages;
