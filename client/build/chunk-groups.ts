/**
 * How the client's modules are grouped into chunks.
 *
 * Left to itself, the bundler cuts one chunk per set of importing routes, which for the session
 * page meant about 25 chunks of 0.1–5 KB. Each is gzip-compressed on its own, so each starts with
 * an empty dictionary: the same Preact calls, class names and contract shapes are paid again in
 * every file (25 such chunks: 30 KB apart, 24 KB together). Grouping them by who loads them keeps
 * what a page downloads the same and compresses it together:
 *
 * - `shell`: what every page renders with (the app, Preact, zod, the i18n core, small widgets);
 * - `orgs` and `docs`: organization names, and the recommendations' contract, downloads and
 *   tallies, which the forum and tracker pages share with the session pages;
 * - `live`: what the live session pages share (the session room, Q&A, floor and captions models
 *   and their panels, the contracts they parse). The session page, the moderator's, the studio
 *   and the floor load it; the forum and tracker pages do not.
 *
 * A group takes its modules' static imports with it (unless a group of higher priority has them).
 * Modules loaded on demand (polls, the recommendations tab, transcripts, the HLS player,
 * publishing, dictionaries) stay their own chunks: a group would pull them into the page's first
 * load. Pages and the early watch stay their own chunks too: the server names them as module
 * preloads from the build manifest (server/http/client-shell.ts).
 */
type Group = { name: string; test: RegExp; priority: number };

const sep = String.raw`[\\/]`;
const under = (dir: string, files: string) => new RegExp(`${sep}${dir}${sep}(?:${files})\\.tsx?$`);

const SHELL = [
  // The app itself: with it come its static imports (the router, the HTTP client, zod, the shared contracts it parses).
  new RegExp(`${sep}client${sep}src${sep}(?:main|app)\\.tsx$`),
  new RegExp(`${sep}node_modules${sep}preact${sep}`),
  under('client/src/i18n', 'i18n|format|lang|relative'),
  under('client/src/state', 'store|use-async'),
  under('client/src/api', 'errors'),
  under('common', 'errors'),
  under('client/src/ui', 'localized|page-title|badge|field'),
];

// Organization names: on the session pages (who asked) and on the forum and tracker pages.
const ORGS = [
  under('client/src/ui', 'org-names'),
  under('common', 'organizations\\.contract|organizations\\.names'),
  // Their styles: left to the live group, the forum page would load it for the CSS alone.
  new RegExp(`${sep}client${sep}src${sep}styles${sep}orgs\\.css$`),
];

// The recommendations' contract, downloads and tallies: the forum and tracker pages, and the session page's recommendations tab.
const DOCS = [
  under('client/src/ui', 'downloads|tallies'),
  under('common', 'recs\\.contract'),
  new RegExp(`${sep}client${sep}src${sep}styles${sep}tracker\\.css$`),
];

const LIVE = [
  under('client/src/live', 'captions-model|floor-model|frames|playback-delay|qa-model|qa-replica|sequencer|session-room|polls-model'),
  under('client/src/api', 'push|session-agenda'),
  under('common', 'sessions\\.contract|polls\\.contract|qa\\.contract|live\\.contract|captions\\.contract|floor\\.contract|ratings\\.contract'),
  under('client/src/pages/session', 'question-item|spotlight|qa-panel|name-control|sound'),
  under('client/src/pages/floor', 'floor-panel|countdown'),
  under('client/src/i18n', 'guess-lang'),
];

const anyOf = (res: RegExp[]) => new RegExp(res.map((r) => r.source).join('|'));

export const CHUNK_GROUPS: Group[] = [
  { name: 'shell', test: anyOf(SHELL), priority: 2 },
  { name: 'orgs', test: anyOf(ORGS), priority: 1.5 },
  { name: 'docs', test: anyOf(DOCS), priority: 1.5 },
  { name: 'live', test: anyOf(LIVE), priority: 1 },
];
