import type { ComponentType } from 'preact';
import type { Params } from './router';

export interface PageProps {
  params: Params;
}

export interface RouteDef {
  path: string;
  /** Each page is its own chunk: a citizen on a phone downloads only the page they open. */
  load: () => Promise<{ default: ComponentType<PageProps> }>;
  /** A staff page (moderation, studio, booths, organizing): it also needs the staff strings (i18n.ts). */
  staff?: true;
}

export const ROUTES: RouteDef[] = [
  { path: '/', load: () => import('./pages/home/home.page') },
  { path: '/f/:slug', load: () => import('./pages/home/forum.page') },
  { path: '/f/:slug/tracker', load: () => import('./pages/home/tracker.page') },
  { path: '/s/:sessionId', load: () => import('./pages/session/session.page') },
  { path: '/s/:sessionId/moderate', load: () => import('./pages/moderate/moderate.page'), staff: true },
  { path: '/s/:sessionId/studio', load: () => import('./pages/studio/studio.page'), staff: true },
  { path: '/s/:sessionId/interpret', load: () => import('./pages/booth/interpret.page'), staff: true },
  { path: '/s/:sessionId/caption', load: () => import('./pages/booth/caption.page'), staff: true },
  { path: '/s/:sessionId/floor', load: () => import('./pages/floor/floor.page') },
  { path: '/organize', load: () => import('./pages/organize/organize.page'), staff: true },
  { path: '/organize/:forumId', load: () => import('./pages/organize/forum-dashboard.page'), staff: true },
  { path: '/login', load: () => import('./pages/account/login.page') },
  { path: '/invite/:token', load: () => import('./pages/account/invite.page') },
];
