import { MeView } from '../../../common/people.contract';
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
    loading = http.get('/api/me', MeView).then(
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
