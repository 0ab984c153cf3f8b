import type { Lang } from '../../../common/base';
import { lang } from './lang';

/**
 * Dates and numbers in the reader's language, in the forum's time zone.
 * Browsers ship ICU without Kazakh date names (Chromium prints "M11 23, Mon"),
 * so Kazakh is composed from the parts here when the engine lacks it.
 */

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
const KK_WEEKDAYS = ['жексенбі', 'дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі'];

let kkNative: boolean | undefined;
/** True when this engine really has Kazakh month names (probed once). */
function engineHasKazakh(): boolean {
  if (kkNative === undefined) {
    try {
      kkNative = /қараша/.test(new Intl.DateTimeFormat('kk', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 15)));
    } catch {
      kkNative = false;
    }
  }
  return kkNative;
}

interface Parts {
  year: number;
  month: number; // 1–12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock fields of an instant in a time zone, independent of language data. */
export function zonedParts(d: Date, timeZone: string): Parts {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, f);
  }
  const get = (type: string) => f.formatToParts(d).find((p) => p.type === type)?.value ?? '';
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: wd < 0 ? 0 : wd,
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
  };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone; agenda days are grouped by it. */
export function dayKey(iso: string | Date, timeZone: string): string {
  const p = zonedParts(new Date(iso), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "10:00" — 24-hour everywhere: the forums run in Kazakhstan. */
export function formatTime(iso: string | Date, timeZone: string, l: Lang = lang.get()): string {
  const d = new Date(iso);
  if (l === 'kk' && !engineHasKazakh()) {
    const p = zonedParts(d, timeZone);
    return `${pad(p.hour)}:${pad(p.minute)}`;
  }
  return new Intl.DateTimeFormat(l, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** "понедельник, 23 ноября" / "23 қараша, дүйсенбі" / "Monday, November 23". */
export function formatDayLong(iso: string | Date, timeZone: string, l: Lang = lang.get()): string {
  const d = new Date(iso);
  if (l === 'kk' && !engineHasKazakh()) {
    const p = zonedParts(d, timeZone);
    return `${p.day} ${KK_MONTHS[p.month - 1]}, ${KK_WEEKDAYS[p.weekday]}`;
  }
  return new Intl.DateTimeFormat(l, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(d);
}

/** "23 ноября 2026" — for forum date ranges and tables. */
export function formatDate(iso: string | Date, timeZone: string, l: Lang = lang.get()): string {
  const d = new Date(iso);
  if (l === 'kk' && !engineHasKazakh()) {
    const p = zonedParts(d, timeZone);
    return `${p.year} ж. ${p.day} ${KK_MONTHS[p.month - 1]}`;
  }
  return new Intl.DateTimeFormat(l, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** "23 нояб., 10:00" — compact date with time, for audit trails and lists. */
export function formatDateTime(iso: string | Date, timeZone: string, l: Lang = lang.get()): string {
  const d = new Date(iso);
  if (l === 'kk' && !engineHasKazakh()) {
    const p = zonedParts(d, timeZone);
    return `${p.day} ${KK_MONTHS[p.month - 1]}, ${pad(p.hour)}:${pad(p.minute)}`;
  }
  return new Intl.DateTimeFormat(l, { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** A forum's first day (YYYY-MM-DD) read as noon UTC, so no time zone shifts it to another date. */
export function dateOnly(ymd: string): Date {
  return new Date(`${ymd}T12:00:00Z`);
}

/** The UTC offset of a zone at an instant, e.g. "UTC+5". */
export function utcOffset(timeZone: string, at: Date = new Date()): string {
  const p = zonedParts(at, timeZone);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const minutes = Math.round((local - Math.floor(at.getTime() / 60000) * 60000) / 60000);
  const sign = minutes >= 0 ? '+' : '−';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return `UTC${sign}${h}${m ? ':' + pad(m) : ''}`;
}

let numberLocale: Partial<Record<Lang, string>> = {};
/** Kazakh groups digits like Russian (1 234 567,5); use that when the engine lacks Kazakh data. */
export function numberLocaleOf(l: Lang): string {
  const known = numberLocale[l];
  if (known) return known;
  let loc: string = l;
  if (l === 'kk' && new Intl.NumberFormat('kk').format(1000.5) === '1,000.5') loc = 'ru';
  numberLocale = { ...numberLocale, [l]: loc };
  return loc;
}

/** "23–27 November 2026" / "2026 ж. 23–27 қараша": a forum's days, compactly. */
export function formatDateRange(from: Date, to: Date, timeZone: string, l: Lang = lang.get()): string {
  if (l === 'kk' && !engineHasKazakh()) {
    const a = zonedParts(from, timeZone);
    const b = zonedParts(to, timeZone);
    if (a.year === b.year && a.month === b.month) return `${a.year} ж. ${a.day}–${b.day} ${KK_MONTHS[a.month - 1]}`;
    if (a.year === b.year) return `${a.year} ж. ${a.day} ${KK_MONTHS[a.month - 1]} – ${b.day} ${KK_MONTHS[b.month - 1]}`;
    return `${formatDate(from, timeZone, l)} – ${formatDate(to, timeZone, l)}`;
  }
  return new Intl.DateTimeFormat(l, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).formatRange(from, to);
}
