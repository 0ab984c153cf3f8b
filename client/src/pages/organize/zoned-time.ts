import { zonedParts } from '../../i18n/format';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a datetime-local input showing the forum's wall clock. */
export function toZonedInput(iso: string, timeZone: string): string {
  const p = zonedParts(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant at which the forum's wall clock reads `local` ("2026-11-23T10:00"), as ISO.
 * Found by correcting a UTC guess with the zone's offset; a second pass settles DST edges.
 */
export function fromZonedInput(local: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return new Date(guess).toISOString();
}
