import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../common/ack';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { axeViolations } from './helpers/axe';
import { browserSuite } from './helpers/browser';

// The moderator console marks a published question whose votes came in a burst from one network.
const suite = browserSuite();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.disconnect();
});

/** A cookie-less real socket from `ip` (the test server trusts X-Forwarded-For from loopback). */
async function voteFrom(ip: string, questionId: string, cookie?: string): Promise<Ack<unknown>> {
  const s = io(suite.app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) } });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
  return (await s.timeout(5000).emitWithAck('qa:vote', { questionId })) as Ack<unknown>;
}

describe('vote bursts in the moderator console', () => {
  it('flags the question twelve fresh identities from one /24 voted for, and not the other', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const moderator = await invited(suite.app, fx, 'moderator');
    const asker = await citizen(suite.app);
    const askerSocket = io(suite.app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: asker.cookieHeader } });
    sockets.push(askerSocket);
    const modSocket = io(suite.app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: moderator.cookieHeader } });
    sockets.push(modSocket);
    await modSocket.timeout(5000).emitWithAck('qa:premoderation', { sessionId: fx.session.id, enabled: false });
    const ask = async (text: string) => {
      const r = (await askerSocket.timeout(5000).emitWithAck('qa:ask', { sessionId: fx.session.id, text, lang: 'en' })) as Ack<{ id: string }>;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data.id;
    };
    const stuffed = await ask('Who counts the votes of the public council?');
    const fair = await ask('When is the next report due?');
    for (let i = 1; i <= 12; i++) expect((await voteFrom(`203.0.113.${i}`, stuffed)).ok).toBe(true);
    for (let i = 1; i <= 3; i++) expect((await voteFrom(`10.${i}.0.1`, fair)).ok).toBe(true);

    const mod = await suite.open({ as: moderator, lang: 'en' }, `/s/${fx.session.id}/moderate`);
    const flag = mod.page.locator(`[data-vote-burst="${stuffed}"]`);
    await flag.waitFor();
    expect(await flag.textContent()).toContain('Votes in a burst: 100% of 12 in 10 minutes from one network');
    expect(await mod.page.locator(`[data-vote-burst="${fair}"]`).count()).toBe(0);
    expect(await axeViolations(mod.page)).toEqual([]);
    expect(mod.problems).toEqual([]);
  });
});
