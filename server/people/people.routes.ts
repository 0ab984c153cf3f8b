import { z } from 'zod';
import { ActorView, Id } from '../../common/base';
import { AcceptInviteInput, CreateInviteInput, InviteCreated, LoginInput, MeView, SetNameInput } from '../../common/people.contract';
import type { Api } from '../http/routes';
import { actorView } from './actor';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie, type CookieOptions } from './identify';
import type { PeopleService } from './people.service';
import type { RolesService } from './roles.service';

export function peopleRoutes(api: Api, people: PeopleService, roles: RolesService, cookies: CookieOptions, publicUrl: (req: import('express').Request) => string) {
  api.route(
    { method: 'post', path: '/auth/login', summary: 'Sign in with email and password', tags: ['people'], body: LoginInput, response: MeView, access: 'anyone (rate-limited)' },
    async ({ body, req, res }) => {
      const { token, actor } = await people.login(body.email, body.password, req.ip ?? 'unknown');
      setSessionCookie(res, token, cookies);
      return { actor: actorView(actor), grants: await roles.list(actor) };
    },
  );

  api.route({ method: 'post', path: '/auth/logout', summary: 'Sign out', tags: ['people'], access: 'anyone' }, async ({ req, res }) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token) await people.logout(token);
    clearSessionCookie(res, cookies);
  });

  api.route({ method: 'get', path: '/me', summary: 'Who am I, and which roles do I hold', tags: ['people'], response: MeView }, async ({ actor }) => ({
    actor: actorView(actor),
    grants: await roles.list(actor),
  }));

  api.route(
    { method: 'put', path: '/me/name', summary: "Set a citizen's optional display name", tags: ['people'], body: SetNameInput, response: ActorView, access: 'citizens' },
    async ({ actor, body }) => actorView(await people.setCitizenName(actor, body.displayName)),
  );

  api.route(
    {
      method: 'post',
      path: '/forums/:forumId/invites',
      summary: 'Create a single-use invite link for a moderator, speaker or organizer',
      tags: ['people'],
      params: z.object({ forumId: Id }),
      body: CreateInviteInput,
      response: InviteCreated,
      status: 201,
      access: 'organizers of the forum',
    },
    async ({ actor, params, body, req }) => {
      const inv = await people.createInvite(actor, { ...body, forumId: params.forumId });
      return { id: inv.id, token: inv.token, url: `${publicUrl(req)}/invite/${inv.token}`, expiresAt: inv.expiresAt.toISOString() };
    },
  );

  api.route(
    { method: 'post', path: '/invites/accept', summary: 'Redeem an invite link', tags: ['people'], body: AcceptInviteInput, response: MeView, access: 'anyone holding the link' },
    async ({ actor, body, res }) => {
      const r = await people.acceptInvite(body.token, actor, body.displayName);
      if (r.token) setSessionCookie(res, r.token, cookies);
      return { actor: actorView(r.actor), grants: await roles.list(r.actor) };
    },
  );
}
