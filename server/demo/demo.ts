import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgendaView, ForumView, SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core } from '../core';
import type { Services } from '../modules';
import type { Actor } from '../people/actor';
import { hashPassword } from '../people/passwords';
import { DEMO_ORGANIZER, DEMO_SLUG, DEMO_TIME_ZONE, demoForum } from './demo.data';
import { todayIn } from './zoned-time';

/** What a newcomer needs to try every role; printed by `npm run demo`. */
export interface DemoInfo {
  forum: ForumView;
  platforms: number;
  sessions: number;
  /** The live session; the demo invites are for it. */
  live: SessionView;
  organizer: { email: string; password: string };
  /** Fresh single-use invite tokens, made on every start. */
  invites: { moderator: string; speaker: string };
}

const INVITE_TTL_HOURS = 24;

/**
 * Loads the demo forum unless it is already there (looked up by slug), makes sure one
 * session is live, and creates fresh invite links for a demo moderator and speaker.
 * Safe to run on every start and from several processes at once.
 */
export async function loadDemo(core: Core, services: Services, now: Date = new Date(), login: Promise<DemoLogin> = demoLogin(core.config.dataDir)): Promise<DemoInfo> {
  const log = core.log.child({ module: 'demo' });
  const { password, hash } = await login;
  // The demo's organizer also runs the platform (queues, health details), so one sign-in shows everything.
  const { id } = await core.people.ensureOrganizerHashed(DEMO_ORGANIZER.email, hash, DEMO_ORGANIZER.name, { admin: true });
  const org: Actor = { kind: 'account', id, displayName: DEMO_ORGANIZER.name, canCreateForums: true, isAdmin: true };

  let agenda = await findDemo(services.agenda);
  if (!agenda) {
    try {
      agenda = await services.agenda.importForum(org, demoForum(todayIn(DEMO_TIME_ZONE, now)));
      log.info({ forumId: agenda.forum.id, sessions: agenda.sessions.length }, 'demo forum loaded');
    } catch (e) {
      // Another process loaded it a moment ago.
      if (!(e instanceof AppError && e.code === 'conflict')) throw e;
      agenda = await services.agenda.agenda(DEMO_SLUG);
    }
  }
  // The forum may predate this account (a new DATA_DIR against an old database).
  await core.roles.grant(core.db, id, 'organizer', { forumId: agenda.forum.id });

  const live = await ensureLive(services.agenda, org, agenda, now);
  const invite = async (role: 'moderator' | 'speaker') =>
    (await core.people.createInvite(org, { role, forumId: agenda.forum.id, sessionId: live.id, label: `demo ${role}`, ttlHours: INVITE_TTL_HOURS })).token;
  return {
    forum: agenda.forum,
    platforms: agenda.platforms.length,
    sessions: agenda.sessions.length,
    live,
    organizer: { email: DEMO_ORGANIZER.email, password },
    invites: { moderator: await invite('moderator'), speaker: await invite('speaker') },
  };
}

async function findDemo(agenda: AgendaService): Promise<AgendaView | undefined> {
  try {
    return await agenda.agenda(DEMO_SLUG);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return undefined;
    throw e;
  }
}

/**
 * A newcomer should find something live. When nothing is, start the scheduled session
 * whose planned time covers now, else the earliest scheduled one.
 */
async function ensureLive(agenda: AgendaService, org: Actor, view: AgendaView, now: Date): Promise<SessionView> {
  const already = view.sessions.find((s) => s.state === 'live');
  if (already) return already;
  const scheduled = view.sessions.filter((s) => s.state === 'scheduled');
  const t = now.getTime();
  const pick = scheduled.find((s) => Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt)) ?? scheduled[0];
  if (!pick) throw new AppError('invalid_state', 'every demo session has ended; delete the demo forum (or DATA_DIR) to load it afresh');
  try {
    return await agenda.transition(org, pick.id, 'start');
  } catch (e) {
    // Another process started it a moment ago.
    if (e instanceof AppError && e.code === 'invalid_state') return agenda.session(pick.id);
    throw e;
  }
}

/** The demo organizer's password (kept in DATA_DIR) and its hash. */
export interface DemoLogin {
  password: string;
  hash: string;
}

/**
 * Reads (or makes) the demo organizer's password and hashes it. The hash is memory-hard work on
 * the thread pool; started before the server's other parts, it is ready when the demo loads.
 */
export async function demoLogin(dataDir: string): Promise<DemoLogin> {
  const password = await demoPassword(dataDir);
  return { password, hash: await hashPassword(password) };
}

/** Generated once and kept in DATA_DIR (owner-only), so the printed password stays valid across restarts. */
async function demoPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'demo-organizer-password');
  await mkdir(dataDir, { recursive: true });
  // 'wx' fails if the file exists, so two processes starting together agree on one password.
  await writeFile(file, randomBytes(12).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const password = (await readFile(file, 'utf8')).trim();
  if (password.length < 8) throw new Error(`${file} holds no usable password; delete it to generate a new one`);
  return password;
}

/** The short welcome `npm run demo` prints once the server listens. */
export function demoBanner(info: DemoInfo, baseUrl: string, opts: { clientBuilt: boolean }): string {
  const base = baseUrl.replace(/\/$/, '');
  const t = (x: { en?: string; ru?: string; kk?: string }) => x.en ?? x.ru ?? x.kk ?? '';
  const lines = [
    '',
    `  Birge demo is running at ${base}`,
    '',
    `  Forum       ${t(info.forum.title)}: ${info.forum.days} days, ${info.sessions} sessions on ${info.platforms} platforms`,
    `              agenda as JSON: ${base}/api/forums/${info.forum.slug}`,
    `  Live now    "${t(info.live.title)}"`,
    `  Organizer   sign in as ${info.organizer.email}  password: ${info.organizer.password}`,
    `  Moderator   ${base}/invite/${info.invites.moderator}`,
    `  Speaker     ${base}/invite/${info.invites.speaker}`,
    `              (single-use links for the live session, valid ${INVITE_TTL_HOURS} h; new ones on every start)`,
    `  Citizen     open ${base} in a private window: no account needed`,
    ...(opts.clientBuilt ? [] : ['', '  The web app is not built yet (npm run build:client); the API above works without it.']),
    '',
  ];
  return lines.join('\n') + '\n';
}
