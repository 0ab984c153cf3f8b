import { useState } from 'preact/hooks';
import type { Lang } from '../../../common/base';
import { useLang } from './i18n';

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

/**
 * State of a text a person is writing and the language it is in: until the author picks a
 * language, it follows what they type (Kazakh letters, Cyrillic, Latin).
 */
export function useAuthoredText() {
  const [text, setText] = useState('');
  const [lang, setLang] = useState<Lang>(useLang());
  const [langChosen, setLangChosen] = useState(false);
  const onText = (v: string) => {
    setText(v);
    const g = langChosen ? undefined : guessLang(v);
    if (g) setLang(g);
  };
  const chooseLang = (l: Lang) => {
    setLang(l);
    setLangChosen(true);
  };
  return { text, lang, onText, chooseLang, clear: () => setText('') };
}
