import type { ComponentType } from 'preact';
import type { StringsPart } from './i18n/i18n';
import type { Params } from './router';

export interface PageProps {
  params: Params;
}

export interface RouteDef {
  path: string;
  /** Each page is its own chunk: a citizen on a phone downloads only the page they open. */
  load: () => Promise<{ default: ComponentType<PageProps> }>;
  /**
   * The parts of the dictionary the page shows besides the public one (i18n.ts), loaded with it:
   * `pages` for every page but the session page, `staff` for moderation, studio, booths, organizing.
   */
  strings?: readonly StringsPart[];
}

const PAGES = ['pages'] as const;
const STAFF = ['pages', 'staff'] as const;

export const ROUTES: RouteDef[] = [
  { path: '/', load: () => import('./pages/home/home.page'), strings: PAGES },
  { path: '/f/:slug', load: () => import('./pages/home/forum.page'), strings: PAGES },
  { path: '/f/:slug/tracker', load: () => import('./pages/home/tracker.page'), strings: PAGES },
  { path: '/s/:sessionId', load: () => import('./pages/session/session.page') },
  { path: '/s/:sessionId/moderate', load: () => import('./pages/moderate/moderate.page'), strings: STAFF },
  { path: '/s/:sessionId/studio', load: () => import('./pages/studio/studio.page'), strings: STAFF },
  { path: '/s/:sessionId/interpret', load: () => import('./pages/booth/interpret.page'), strings: STAFF },
  { path: '/s/:sessionId/caption', load: () => import('./pages/booth/caption.page'), strings: STAFF },
  { path: '/s/:sessionId/floor', load: () => import('./pages/floor/floor.page'), strings: PAGES },
  { path: '/organize', load: () => import('./pages/organize/organize.page'), strings: STAFF },
  { path: '/organize/:forumId', load: () => import('./pages/organize/forum-dashboard.page'), strings: STAFF },
  { path: '/login', load: () => import('./pages/account/login.page'), strings: PAGES },
  { path: '/invite/:token', load: () => import('./pages/account/invite.page'), strings: PAGES },
];
