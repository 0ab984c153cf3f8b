import { PEOPLE_ROUTES, type MeView } from '../../../common/people.contract';
import type { Role } from '../../../common/base';
import { http } from '../api/http';
import { Store } from './store';

export type Me = MeView;

/** Who the server says I am; `undefined` until the first answer. */
export const me = new Store<Me | undefined>(undefined);

let loading: Promise<Me> | undefined;

/** Loads (once) or reloads who I am; the server also sets the citizen cookie on this call. */
export function loadMe(force = false): Promise<Me> {
  if (!loading || force) {
    loading = http.call(PEOPLE_ROUTES.me).then(
      (m) => {
        me.set(m);
        return m;
      },
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    );
  }
  return loading;
}

export function setMe(m: Me): void {
  loading = Promise.resolve(m);
  me.set(m);
}

/**
 * Whether my grants include `role` here. Mirrors the server's rule (organizer ⊇ moderator;
 * a forum-wide grant covers every session) only to choose what to show: the server
 * checks every action itself.
 */
export function holds(m: Me | undefined, role: Role, forumId: string, sessionId?: string): boolean {
  if (!m) return false;
  const roles: Role[] = role === 'moderator' ? ['moderator', 'organizer'] : [role];
  return m.grants.some(
    (g) => roles.includes(g.role) && g.forumId === forumId && (g.sessionId === null || g.sessionId === sessionId),
  );
}

/** Forums where I am an organizer. */
export function organizedForumIds(m: Me | undefined): string[] {
  return [...new Set((m?.grants ?? []).filter((g) => g.role === 'organizer').map((g) => g.forumId))];
}

/** How who I am changed between two answers of the server, as far as a page cares. */
export type IdentityChange = 'signed_out' | 'roles_changed';

export function identityChange(before: Me | undefined, after: Me): IdentityChange | undefined {
  if (!before || before.actor.kind !== 'account') return undefined;
  if (after.actor.kind !== 'account' || after.actor.id !== before.actor.id) return 'signed_out';
  const key = (g: Me['grants'][number]) => `${g.role}:${g.forumId}:${g.sessionId ?? ''}:${g.language ?? ''}`;
  const now = new Set(after.grants.map(key));
  return before.grants.some((g) => !now.has(key(g))) ? 'roles_changed' : undefined;
}

/**
 * Set when the server closed the live connection and re-reading who I am found a sign-in
 * ended (elsewhere) or roles removed; the app tells the reader once.
 */
export const identityNotice = new Store<IdentityChange | undefined>(undefined);

// Tabs without a live connection hear of a sign-out in another tab of this browser here.
const tabs = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('birge.identity');
tabs?.addEventListener('message', () => {
  const before = me.get();
  void loadMe(true).then(
    (after) => {
      const change = identityChange(before, after);
      if (change) identityNotice.set(change);
    },
    () => undefined,
  );
});

/** Tells this browser's other tabs that who I am changed here (a sign-out): they re-read it. */
export function announceIdentityChange(): void {
  tabs?.postMessage('changed');
}
