import type { AgendaView, PlatformView, SessionView } from '../../../../common/agenda.contract';
import { dateOnly, dayKey } from '../../i18n/format';

const DAY = 24 * 3600_000;

export interface AgendaDay {
  key: string; // YYYY-MM-DD in the forum's zone
  index: number; // 1-based forum day number
  sessions: SessionView[];
}

/** Every forum day, including empty ones, plus any day a session was moved outside the range. */
export function agendaDays(a: AgendaView): AgendaDay[] {
  const keys: string[] = [];
  for (let i = 0; i < a.forum.days; i++) keys.push(dayKey(new Date(dateOnly(a.forum.startsOn).getTime() + i * DAY), 'UTC'));
  const byDay = new Map<string, SessionView[]>(keys.map((k) => [k, []]));
  for (const s of a.sessions) {
    const k = dayKey(s.startsAt, a.forum.timeZone);
    if (!byDay.has(k)) byDay.set(k, []);
    byDay.get(k)!.push(s);
  }
  return [...byDay.keys()]
    .sort()
    .map((key, i) => ({ key, index: i + 1, sessions: byDay.get(key)!.sort((x, y) => x.startsAt.localeCompare(y.startsAt)) }));
}

/** Platforms of a day in their order, each with its sessions; platforms without sessions that day are left out. */
export function byPlatform(platforms: PlatformView[], sessions: SessionView[]): { platform: PlatformView | undefined; sessions: SessionView[] }[] {
  const groups = new Map<string, SessionView[]>();
  for (const s of sessions) {
    if (!groups.has(s.platformId)) groups.set(s.platformId, []);
    groups.get(s.platformId)!.push(s);
  }
  const ordered = [...platforms].sort((a, b) => a.position - b.position);
  return [...groups.entries()]
    .map(([id, list]) => ({ platform: ordered.find((p) => p.id === id), sessions: list }))
    .sort((a, b) => (a.platform ? ordered.indexOf(a.platform) : 1e9) - (b.platform ? ordered.indexOf(b.platform) : 1e9));
}

/** The day to open first: today while the forum runs, else the day of the next session, else day one. */
export function defaultDay(days: AgendaDay[], timeZone: string, now = Date.now()): string | undefined {
  const today = dayKey(new Date(now), timeZone);
  if (days.some((d) => d.key === today)) return today;
  const upcoming = days.find((d) => d.key > today && d.sessions.length);
  return (upcoming ?? days[0])?.key;
}

export function liveSessions(a: AgendaView): SessionView[] {
  return a.sessions.filter((s) => s.state === 'live');
}

/** Scheduled sessions in start order; late ones (start time passed, not started) first. */
export function nextSessions(a: AgendaView, limit = 3): SessionView[] {
  return a.sessions
    .filter((s) => s.state === 'scheduled')
    .sort((x, y) => x.startsAt.localeCompare(y.startsAt))
    .slice(0, limit);
}

export function recentlyEnded(a: AgendaView, limit = 3): SessionView[] {
  return a.sessions
    .filter((s) => s.state === 'ended')
    .sort((x, y) => (y.endedAt ?? y.endsAt).localeCompare(x.endedAt ?? x.endsAt))
    .slice(0, limit);
}
