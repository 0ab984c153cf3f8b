/**
 * The shape every language dictionary must have. English is the reference: its keys
 * define `MessageKey`, and `Messages` requires each of them in every language, with the
 * same kind (plain string or plural forms). A missing or extra key fails the compiler.
 */
import type { en } from './en';

/** CLDR plural categories we use; `other` is always required. Kazakh needs only `other`. */
export interface Plural {
  zero?: string;
  one?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | Plural;
export type MessageKey = keyof typeof en;
export type Messages = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural };
