import { describe, expect, it } from 'vitest';
import { generatedSession } from '../../bench/compile-data';
import { clusterTexts, cosine, normalizeText, similarPairs, tfidfVectors } from '../../workers/recommendations/similarity';

const groupsOf = (texts: string[], threshold = 0.6) => {
  const roots = clusterTexts(texts, threshold);
  const m = new Map<number, number[]>();
  roots.forEach((r, i) => m.set(r, [...(m.get(r) ?? []), i]));
  return [...m.values()].sort((a, b) => a[0]! - b[0]!);
};

describe('near-duplicate detection', () => {
  it('compares texts in a normal form: NFKC, lower case, ё as е, letters and digits only', () => {
    expect(normalizeText('  «Отчёты» АКИМАТОВ — ежеквартально!!! ')).toBe('отчеты акиматов ежеквартально');
    expect(normalizeText('ҚОҒАМДЫҚ Кеңес, 2027 ж.')).toBe('қоғамдық кеңес 2027 ж');
    expect(normalizeText('ﬁnance ＡＢＣ')).toBe('finance abc');
  });

  it('groups rewordings in Kazakh, Russian and English and keeps different proposals apart', () => {
    const texts = [
      'Қоғамдық кеңестердің шешімдерін әкімдіктер міндетті түрде қарауы керек.',
      'Қоғамдық кеңестердің шешімдерін әкімдіктер міндетті түрде қарауы тиіс.',
      'Обязать акиматы публиковать отчёты общественных советов ежеквартально.',
      'Обязать акиматы публиковать отчеты общественных советов каждый квартал.',
      'Publish the budget of every rural district online.',
      'Publish the budgets of every rural district online!',
      'Ауылдық жерлерде интернет сапасын жақсарту қажет.',
      'Создать реестр рекомендаций общественных советов.',
    ];
    expect(groupsOf(texts)).toEqual([[0, 1], [2, 3], [4, 5], [6], [7]]);
  });

  it('finds the same pairs as comparing every pair, with the exact cosine', () => {
    const texts = generatedSession(10, 1500, 5).recommendations.map((r) => r.text);
    const v = tfidfVectors(texts);
    const exact: string[] = [];
    for (let i = 0; i < v.length; i++) for (let j = i + 1; j < v.length; j++) if (cosine(v[i]!, v[j]!) >= 0.6) exact.push(`${i}:${j}`);
    const found = similarPairs(texts, 0.6);
    const got = new Set(found.map(([i, j]) => `${i}:${j}`));
    const recall = exact.filter((p) => got.has(p)).length / exact.length;
    expect(exact.length).toBeGreaterThan(100);
    expect(recall).toBeGreaterThanOrEqual(0.99);
    for (const [i, j, s] of found) {
      expect(s).toBeCloseTo(cosine(v[i]!, v[j]!), 12);
      expect(s).toBeGreaterThanOrEqual(0.6);
    }
    // The exhaustive reference compares 1.1 million pairs: seconds on a shared CI core.
  }, 60_000);

  it('does not chain A~B~C into one group when A and C are not alike', () => {
    const a = 'публиковать отчеты акиматов на портале открытых данных';
    const b = 'публиковать отчеты акиматов на портале открытых данных и решения судов в интернете';
    const c = 'публиковать решения судов в интернете в течение трех дней';
    const v = tfidfVectors([a, b, c]);
    expect(cosine(v[0]!, v[1]!)).toBeGreaterThan(0.4);
    expect(cosine(v[1]!, v[2]!)).toBeGreaterThan(0.4);
    expect(cosine(v[0]!, v[2]!)).toBeLessThan(0.4);
    // b joins a (its closer match); c, unlike a, stays on its own.
    expect(groupsOf([a, b, c], 0.4)).toEqual([[0, 1], [2]]);
  });

  it('joins groups a moderator merged even when their texts differ', () => {
    const roots = clusterTexts(['налоги', 'субсидии фермерам', 'дороги в сёлах'], 0.6, { forced: [[0, 2]] });
    expect(roots[0]).toBe(roots[2]);
    expect(roots[1]).not.toBe(roots[0]);
  });

  it('lets the order decide who leads a group, so the best-supported wording leads', () => {
    const texts = ['опубликовать все отчеты акиматов', 'опубликовать все отчёты акиматов сразу', 'опубликовать все отчеты акиматов онлайн'];
    expect([...clusterTexts(texts, 0.6, { order: [1, 0, 2] })]).toEqual([0, 0, 0]);
    // The group id is its smallest member's index whatever the order; membership is what the order changes.
    expect(groupsOf(texts)).toEqual([[0, 1, 2]]);
  });
});
