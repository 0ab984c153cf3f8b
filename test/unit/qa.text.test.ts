import { describe, expect, it } from 'vitest';
import { AskInput, charCount, cleanQuestionText } from '../../common/qa.contract';
import { Blocklist } from '../../server/qa/blocklist';
import { matchWords, normalizeForMatch, pseudonym } from '../../server/qa/qa.text';

describe('cleanQuestionText', () => {
  it('trims, folds runs of spaces and tabs, and keeps at most one blank line', () => {
    expect(cleanQuestionText('  Сұрақ\t\t  бар   ма?  \n\n\n\n  Иә  ')).toBe('Сұрақ бар ма?\n\nИә');
  });
  it('turns CRLF into LF', () => {
    expect(cleanQuestionText('a\r\nb\rc')).toBe('a\nb\nc');
  });
  it('removes control characters and bidi overrides that could disguise text', () => {
    expect(cleanQuestionText('abc\u202Edef\u0000\u0007\u2066g\u200F')).toBe('abcdefg');
  });
  it('leaves markup and Kazakh letters exactly as typed', () => {
    const s = '<img src=x onerror=alert(1)> ә ғ қ ң ө ұ ү һ і & "quotes"';
    expect(cleanQuestionText(s)).toBe(s);
  });
  it('composes decomposed letters (NFC) so the same word is stored the same way', () => {
    expect(cleanQuestionText('и\u0306')).toBe('й');
  });
});

describe('AskInput', () => {
  const base = { sessionId: '00000000-0000-4000-8000-000000000000', lang: 'kk' };
  it('accepts 500 characters counted as people count them, even when they are emoji', () => {
    expect(AskInput.safeParse({ ...base, text: '😀'.repeat(500) }).success).toBe(true);
    expect(charCount('😀'.repeat(500))).toBe(500);
  });
  it('refuses 501 characters and whitespace-only text', () => {
    expect(AskInput.safeParse({ ...base, text: 'ә'.repeat(501) }).success).toBe(false);
    expect(AskInput.safeParse({ ...base, text: ' \n\t ' }).success).toBe(false);
  });
  it('defaults anonymous to false and refuses unknown fields', () => {
    expect(AskInput.parse({ ...base, text: 'Hi?' }).anonymous).toBe(false);
    expect(AskInput.safeParse({ ...base, text: 'Hi?', votes: 100 }).success).toBe(false);
  });
});

describe('normalizeForMatch', () => {
  it('ignores case, punctuation, spacing and ё versus е', () => {
    expect(normalizeForMatch('  Когда БУДЕТ отчёт?!  ')).toBe(normalizeForMatch('когда будет отчет'));
  });
  it('keeps Kazakh letters and digits', () => {
    expect(normalizeForMatch('ҚАЗАҚСТАН — 2026!')).toBe('қазақстан 2026');
  });
  it('maps Latin look-alikes inside Cyrillic words only', () => {
    expect(matchWords(normalizeForMatch('Xуй and xylophone'))).toEqual(['хуй', 'and', 'xylophone']);
  });
});

describe('Blocklist', () => {
  const list = new Blocklist({ kk: ['ақымақ*'], ru: ['сука', 'хуй*', 'убей себя'], en: ['fuck*'] });
  it('matches whole words, stems and phrases in any language', () => {
    expect(list.match('Ты сука')).toEqual(['сука']);
    expect(list.match('ақымақсың')).toEqual(['ақымақ*']);
    expect(list.match('Просто УБЕЙ, себя!')).toEqual(['убей себя']);
    expect(list.match('fucking hell')).toEqual(['fuck*']);
  });
  it('does not match words that only contain an entry', () => {
    expect(list.match('сукно, Scunthorpe, подсудимый')).toEqual([]);
  });
  it('loads the shipped lists for all three languages', () => {
    const shipped = Blocklist.load(undefined);
    expect(shipped.size).toBeGreaterThan(20);
    expect(shipped.match('бля')).toEqual(['бля']);
    expect(shipped.match('қотақ')).toEqual(['қотақ*']);
    expect(shipped.match('bitch')).toEqual(['bitch*']);
  });
});

describe('pseudonym', () => {
  it('is stable within a session, differs across sessions, and does not contain the id', () => {
    const id = '3f2a9c10-0000-4000-8000-000000000001';
    expect(pseudonym(id, 's1')).toBe(pseudonym(id, 's1'));
    expect(pseudonym(id, 's1')).not.toBe(pseudonym(id, 's2'));
    expect(pseudonym(id, 's1')).not.toContain('3f2a9c');
  });
});
