import type { Page } from 'playwright-core';

/** Dictionary keys look like "qa.ask_label"; the client brackets a missing one as ⟦key⟧. */
const KEY_PREFIXES = ['broadcast', 'action', 'common', 'error', 'nav', 'conn', 'footer', 'home', 'state', 'agenda', 'role', 'login', 'invite', 'organize', 'session', 'video', 'qa', 'recs', 'mod', 'studio', 'tracker', 'attendance', 'org', 'part', 'rate'];
const RAW_KEY = new RegExp(`\\b(${KEY_PREFIXES.join('|')})\\.[a-z]+_[a-z_]+\\b|⟦`);

/** Visible text, labels and accessible names that still show a dictionary key. */
export async function untranslated(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [document.body.innerText, document.title];
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  return texts.flatMap((t) => t.split('\n')).filter((line) => RAW_KEY.test(line));
}

/** Form controls and buttons without an accessible name (WCAG 4.1.2, 3.3.2). */
export async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const named = (el: Element) => {
      if (el.getAttribute('aria-label')?.trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(' ').some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      if ((el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) && el.labels && [...el.labels].some((l) => l.textContent?.trim())) return true;
      if ((el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement || el.tagName === 'SUMMARY') && el.textContent?.trim()) return true;
      return Boolean(el.getAttribute('title')?.trim());
    };
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary, [role=tab], [role=switch]')) {
      if (el.closest('[hidden],[aria-hidden=true]')) continue;
      if (!named(el)) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}

/**
 * Text whose contrast with what is behind it is below WCAG 2.1 AA (4.5:1, or 3:1 for large
 * text). The background is the nearest opaque one up the tree; text over images is skipped.
 */
export async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] | undefined => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return undefined;
      const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): [number, number, number] | undefined => {
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.backgroundImage !== 'none' && !cs.backgroundImage.startsWith('linear-gradient') && !cs.backgroundImage.startsWith('radial-gradient')) return undefined;
        // A gradient: judge against its first opaque stop (translucent glows on top are decoration).
        if (cs.backgroundImage.includes('gradient')) {
          const stops = (cs.backgroundImage.match(/rgba?\([^)]+\)/g) ?? []).map(parse);
          const solid = stops.find((c) => c && c[3] >= 0.99);
          if (solid) return [solid[0], solid[1], solid[2]];
        }
        const bg = parse(cs.backgroundColor);
        if (bg && bg[3] >= 0.99) return [bg[0], bg[1], bg[2]];
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (cs.visibility === 'hidden' || cs.display === 'none' || rect.width === 0 || el.closest('[hidden],[aria-hidden=true],.sr-only,video,svg')) continue;
      // Disabled controls are exempt (WCAG 1.4.3: "part of an inactive user interface component").
      if (el.closest('button:disabled, [aria-disabled=true], input:disabled, select:disabled')) continue;
      const fg = parse(cs.color);
      const bg = background(el);
      if (!fg || !bg) continue;
      const opacity = Number(cs.opacity) || 1;
      const alpha = fg[3] * opacity;
      const blended = [0, 1, 2].map((i) => fg[i]! * alpha + bg[i]! * (1 - alpha));
      const [a, b] = [lum(blended), lum(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 40)}" (${cs.color} on rgb(${bg.join(',')}))`);
    }
    return bad;
  });
}
