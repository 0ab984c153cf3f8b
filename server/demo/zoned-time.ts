// A forum is planned in its own time zone ("10:00 in Almaty"); storage wants instants.
// Intl knows every IANA zone's offsets, so no date library is needed for the conversion.

const partsFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  const wallAsUtc = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the clocks in `timeZone` show `date` (YYYY-MM-DD) and `time` (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y!, m! - 1, d, hh, mm);
  // The offset depends on the instant we are looking for; a second pass settles daylight-saving edges.
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

/** Today's date (YYYY-MM-DD) on the wall calendar of `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(now).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}
