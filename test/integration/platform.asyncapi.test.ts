import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, SERVER_EVENTS } from '../../common/events';
import { startTestApp, type TestApp } from '../helpers/app';
import { forumWithSession, organizer } from '../helpers/factories';
import { Client } from '../helpers/http';

interface Message {
  name: string;
  payload: object;
}
interface AsyncApiDoc {
  asyncapi: string;
  info: { description: string };
  servers: Record<string, { host: string; protocol: string; pathname: string }>;
  channels: { socket: { messages: Record<string, Message> } };
  operations: Record<string, { action: 'send' | 'receive'; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
let app: TestApp;
let doc: AsyncApiDoc;
beforeAll(async () => {
  app = await startTestApp();
  const r = await fetch(`${app.url}/api/asyncapi.json`);
  expect(r.status).toBe(200);
  doc = (await r.json()) as AsyncApiDoc;
});
afterAll(() => app.stop());

/** The messages of the operations with this action, by event name (`qa:ask`). */
function byAction(action: 'send' | 'receive'): Map<string, { message: Message; reply?: Message }> {
  const at = (ref: string) => doc.channels.socket.messages[ref.split('/').at(-1)!]!;
  const out = new Map<string, { message: Message; reply?: Message }>();
  for (const op of Object.values(doc.operations).filter((o) => o.action === action)) {
    const message = at(op.messages[0]!.$ref);
    out.set(message.name, { message, ...(op.reply ? { reply: at(op.reply.messages[0]!.$ref) } : {}) });
  }
  return out;
}

/** `emit('domain:verb'` in the server's and workers' sources (Socket.IO pushes; not process events). */
async function emittedInSources(): Promise<Set<string>> {
  const found = new Set<string>();
  for (const dir of ['server', 'workers']) {
    for (const f of await readdir(path.join(ROOT, dir), { recursive: true })) {
      if (!f.endsWith('.ts')) continue;
      const text = await readFile(path.join(ROOT, dir, f), 'utf8');
      for (const m of text.matchAll(/(?<!serverSide)\bemit\(\s*'([a-z]+:[A-Za-z]+)'/g)) found.add(m[1]!);
    }
  }
  return found;
}

describe('the AsyncAPI document of the Socket.IO contract', () => {
  it('is a valid AsyncAPI 3 document by the official parser', async () => {
    expect(doc.asyncapi).toMatch(/^3\./);
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    // Severity 0 is an error; warnings, information and hints do not make a document invalid.
    expect(diagnostics.filter((d) => Number(d.severity) === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.operations().length).toBe(Object.keys(CLIENT_EVENTS).length + Object.keys(SERVER_EVENTS).length);
  });

  it('names the address it was fetched from and the Socket.IO path', () => {
    expect(Object.values(doc.servers)).toEqual([expect.objectContaining({ host: new URL(app.url).host, protocol: 'ws', pathname: '/socket.io/' })]);
  });

  it('lists every event the server answers, with its ack, and nothing else', () => {
    const handled = app.modules.flatMap((m) => Object.keys(m.listeners ?? {})).sort();
    expect(handled).toEqual(Object.keys(CLIENT_EVENTS).sort());
    const received = byAction('receive');
    expect([...received.keys()].sort()).toEqual(handled);
    for (const [event, m] of received) expect({ event, ack: m.reply?.name }).toEqual({ event, ack: `${event} ack` });
  });

  it('lists every event the server and the workers push', async () => {
    const sent = [...byAction('send').keys()].sort();
    expect(sent).toEqual(Object.keys(SERVER_EVENTS).sort());
    const emitted = await emittedInSources();
    expect(emitted.size).toBeGreaterThan(10);
    expect([...emitted].filter((e) => !sent.includes(e))).toEqual([]);
  });

  it('describes what a script that knows only the document receives, connecting as the README says', async () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const received = byAction('receive');
    const sent = byAction('send');
    const fx = await forumWithSession(app);
    // A script's identity: the signed cookie any HTTP answer sets, sent back in the handshake, from the site's origin.
    const me = new Client(app.url);
    await me.get('/api/me');
    expect(me.cookieHeader).toMatch(/^birge_cid=s%3A/);
    const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: me.cookieHeader, origin: app.url } });
    try {
      await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject));
      const check = (schema: object | undefined, value: unknown) => {
        const validate = ajv.compile(schema ?? {});
        return validate(value) ? [] : validate.errors;
      };
      const join = { sessionId: fx.session.id };
      expect(check(received.get('session:join')!.message.payload, join)).toEqual([]);
      const joined: unknown = await s.timeout(5000).emitWithAck('session:join', join);
      expect(check(received.get('session:join')!.reply!.payload, joined)).toEqual([]);
      const snapshot: unknown = await s.timeout(5000).emitWithAck('qa:snapshot', join);
      expect(check(received.get('qa:snapshot')!.reply!.payload, snapshot)).toEqual([]);
      const refusal: unknown = await s.timeout(5000).emitWithAck('qa:vote', { questionId: 'not-an-id' });
      expect(refusal).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(check(received.get('qa:vote')!.reply!.payload, refusal)).toEqual([]);
      const state = new Promise<unknown>((resolve) => s.once('session:state', resolve));
      expect((await fx.org.post(`/api/sessions/${fx.session.id}/start`)).status).toBe(200);
      expect(check(sent.get('session:state')!.message.payload, await state)).toEqual([]);
    } finally {
      s.disconnect();
    }
  });

  it('says the server closes a connection whose sign-in ended, and a logout does so with that reason', async () => {
    expect(doc.info.description).toContain('`io server disconnect`');
    expect(doc.info.description).toContain('`POST /api/auth/logout`');
    expect(doc.info.description).toContain('`GET /api/me`');
    const org = await organizer(app);
    const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: org.cookieHeader } });
    try {
      await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject));
      const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));
      expect((await org.post('/api/auth/logout')).status).toBe(204);
      expect(await closed).toBe('io server disconnect');
    } finally {
      s.disconnect();
    }
  });

  it('refuses a handshake from another site, as the README says', async () => {
    const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: 'https://evil.example' } });
    try {
      const outcome = await new Promise<string>((resolve) => s.once('connect', () => resolve('connected')).once('connect_error', () => resolve('refused')));
      expect(outcome).toBe('refused');
    } finally {
      s.disconnect();
    }
  });
});
