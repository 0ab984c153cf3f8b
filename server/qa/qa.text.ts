import { createHash } from 'node:crypto';

// Latin letters that look like Cyrillic ones; "xуй" typed with a Latin x must still match.
const LOOKALIKES: Record<string, string> = { a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т', b: 'в', h: 'н', i: 'і' };
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * Reduces text to lower-case words (letters and digits) separated by single spaces.
 * Two questions with the same normalized text are "the same text"; blocklists match words of it.
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of normalized text, with Latin look-alikes turned Cyrillic inside Cyrillic words. */
export function matchWords(normalized: string): string[] {
  if (!normalized) return [];
  return normalized.split(' ').map((w) => (CYRILLIC.test(w) ? w.replace(/[acepxykmtbhi]/g, (c) => LOOKALIKES[c] ?? c) : w));
}

/**
 * A stable, non-reversible handle for a person, for moderators: it lets them see that
 * several questions come from one person without learning who it is.
 */
export function pseudonym(authorId: string, sessionId: string): string {
  // Salted with the session so the handle cannot be correlated across sessions.
  return 'anon-' + createHash('sha256').update(`${sessionId}:${authorId}`).digest('hex').slice(0, 6);
}
