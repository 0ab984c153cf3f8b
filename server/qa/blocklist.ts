import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGS, type Lang } from '../../common/base';
import { ROOT } from '../../platform/paths';
import { matchWords, normalizeForMatch } from './qa.text';

const DIR = path.join(ROOT, 'server', 'qa', 'blocklist');

/** QA_BLOCKLIST_FILE: JSON `{ "kk": [...], "ru": [...], "en": [...] }`; it replaces the defaults. */
export const BlocklistFile = z.strictObject({
  kk: z.array(z.string().min(1).max(100)).max(10_000).default([]),
  ru: z.array(z.string().min(1).max(100)).max(10_000).default([]),
  en: z.array(z.string().min(1).max(100)).max(10_000).default([]),
});
export type BlocklistEntries = Record<Lang, string[]>;

/**
 * Words that send a question to the moderators flagged instead of straight to viewers.
 * An entry is a word (`сука`), a stem ending in `*` (`пизд*`), or a phrase of several words.
 * Every language's list is checked whatever the question's language: people mix them.
 */
export class Blocklist {
  private readonly words = new Set<string>();
  private readonly stems: string[] = [];
  private readonly phrases: string[] = [];

  constructor(entries: BlocklistEntries) {
    for (const lang of LANGS) {
      for (const raw of entries[lang]) {
        const stem = raw.trim().endsWith('*');
        const norm = matchWords(normalizeForMatch(raw)).join(' ');
        if (!norm) continue;
        if (norm.includes(' ')) this.phrases.push(norm);
        else if (stem) this.stems.push(norm);
        else this.words.add(norm);
      }
    }
  }

  get size(): number {
    return this.words.size + this.stems.length + this.phrases.length;
  }

  /** The entries the text matches (empty when clean). */
  match(text: string): string[] {
    const words = matchWords(normalizeForMatch(text));
    const hits = new Set<string>();
    for (const w of words) {
      if (this.words.has(w)) hits.add(w);
      for (const s of this.stems) if (w.startsWith(s)) hits.add(`${s}*`);
    }
    if (this.phrases.length) {
      const joined = ` ${words.join(' ')} `;
      for (const p of this.phrases) if (joined.includes(` ${p} `)) hits.add(p);
    }
    return [...hits];
  }

  /** The shipped lists (server/qa/blocklist/<lang>.txt), or QA_BLOCKLIST_FILE instead. */
  static load(file: string | undefined): Blocklist {
    if (file) {
      const parsed = BlocklistFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`QA_BLOCKLIST_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return new Blocklist(parsed.data);
    }
    const read = (lang: Lang) =>
      readFileSync(path.join(DIR, `${lang}.txt`), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
    return new Blocklist({ kk: read('kk'), ru: read('ru'), en: read('en') });
  }
}
