import { stringify } from 'csv-stringify/sync';

/** UTF-8 byte order mark: without it Excel opens UTF-8 CSV as a legacy code page and garbles Cyrillic. */
export const BOM = '\uFEFF';

/**
 * A spreadsheet-safe CSV: BOM, CRLF line ends, every field quoted as needed, and cells
 * that start with = + - @ prefixed with an apostrophe so no user text runs as a formula.
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const safe = rows.map((r) => r.map((v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''))));
  return BOM + stringify([header, ...safe], { record_delimiter: 'windows' });
}
