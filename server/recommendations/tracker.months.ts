import { TRACKER_STATUSES, type MonthTallies, type TrackerItemView, type TrackerStatus } from '../../common/recs.contract';

/** "2027-03" for an instant, in the forum's time zone. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

/**
 * The tallies at the end of every month from the first item's month to `now`'s: an item
 * counts from the month it joined, in the status of its last change up to that month.
 */
export function monthlyTallies(items: readonly Pick<TrackerItemView, 'createdAt' | 'history'>[], timeZone: string, now: Date): MonthTallies[] {
  if (!items.length) return [];
  const timelines = items.map((it) => ({
    from: monthOf(new Date(it.createdAt), timeZone),
    changes: it.history.map((h) => ({ month: monthOf(new Date(h.at), timeZone), status: h.status })),
  }));
  const last = monthOf(now, timeZone);
  const out: MonthTallies[] = [];
  for (let m = timelines.map((t) => t.from).sort()[0]!; m <= last; m = nextMonth(m)) {
    const row: MonthTallies = { month: m, total: 0, new: 0, accepted: 0, in_progress: 0, executed: 0, rejected: 0 };
    for (const t of timelines) {
      if (t.from > m) continue;
      let status: TrackerStatus = TRACKER_STATUSES[0];
      for (const c of t.changes) if (c.month <= m) status = c.status;
      row.total++;
      row[status]++;
    }
    out.push(row);
  }
  return out;
}
