import { PEOPLE_ROUTES as R } from '../../common/people.contract';
import type { Api } from '../http/routes';
import { actorView } from './actor';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie, type CookieOptions } from './identify';
import type { PeopleService } from './people.service';
import type { RolesService } from './roles.service';

export function peopleRoutes(api: Api, people: PeopleService, roles: RolesService, cookies: CookieOptions, publicUrl: (req: import('express').Request) => string) {
  api.route(
    { ...R.login, summary: 'Sign in with email and password', tags: ['people'], access: 'anyone (rate-limited)' },
    async ({ body, req, res }) => {
      const { token, actor } = await people.login(body.email, body.password, req.ip ?? 'unknown');
      setSessionCookie(res, token, cookies);
      return { actor: actorView(actor), grants: await roles.list(actor) };
    },
  );

  api.route({ ...R.logout, summary: 'Sign out', tags: ['people'], access: 'anyone' }, async ({ req, res }) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token) await people.logout(token);
    clearSessionCookie(res, cookies);
  });

  api.route({ ...R.me, summary: 'Who am I, and which roles do I hold', tags: ['people'] }, async ({ actor }) => ({
    actor: actorView(actor),
    grants: await roles.list(actor),
  }));

  api.route(
    { ...R.setName, summary: "Set a citizen's optional display name", tags: ['people'], access: 'citizens' },
    async ({ actor, body }) => actorView(await people.setCitizenName(actor, body.displayName)),
  );

  api.route(
    {
      ...R.createInvite,
      summary: 'Create a single-use invite link for a moderator, speaker or organizer',
      tags: ['people'],
      status: 201,
      access: 'organizers of the forum',
    },
    async ({ actor, params, body, req }) => {
      const inv = await people.createInvite(actor, { ...body, forumId: params.forumId });
      return { id: inv.id, token: inv.token, url: `${publicUrl(req)}/invite/${inv.token}`, expiresAt: inv.expiresAt.toISOString() };
    },
  );

  api.route(
    {
      ...R.team,
      summary: 'Who holds which role in the forum',
      tags: ['people'],
      access: 'organizers of the forum',
    },
    async ({ actor, params }) => roles.team(actor, params.forumId),
  );

  api.route(
    {
      ...R.removeRole,
      summary:
        "Remove a person's role in the forum (every session and language of it); their open connections close at once and come back without it. A forum keeps at least one organizer (409 invalid_state)",
      tags: ['people'],
      access: 'organizers of the forum',
    },
    async ({ actor, params }) => roles.revoke(actor, params.forumId, params.userId, params.role),
  );

  api.route(
    { ...R.acceptInvite, summary: 'Redeem an invite link', tags: ['people'], access: 'anyone holding the link' },
    async ({ actor, body, res }) => {
      const r = await people.acceptInvite(body.token, actor, body.displayName);
      if (r.token) setSessionCookie(res, r.token, cookies);
      return { actor: actorView(r.actor), grants: await roles.list(r.actor) };
    },
  );
}
