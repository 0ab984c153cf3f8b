import type { Lang } from '../../../common/base';

const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;
const CYRILLIC = /[\u0400-\u04FF]/g;
const LATIN = /[A-Za-z]/g;

/**
 * The likely language of a short text, from its script: Kazakh letters mean Kazakh, other
 * Cyrillic means Russian, Latin means English. Undefined when too short to tell. Only a
 * default for the language picker; the author can always change it.
 */
export function guessLang(text: string): Lang | undefined {
  const cyr = text.match(CYRILLIC)?.length ?? 0;
  const lat = text.match(LATIN)?.length ?? 0;
  if (cyr + lat < 8) return undefined;
  if (cyr > lat) return KAZAKH_LETTERS.test(text) ? 'kk' : 'ru';
  return 'en';
}
