import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/events';
import { QA_SERVER_EVENTS, type MyQuestionView } from '../../common/qa.contract';
import { SESSION_SERVER_EVENTS } from '../../common/sessions.contract';
import { onPush } from '../../client/src/api/push';

// A bare Socket.IO server stands in for a server that sends what it should not: the client's
// reading of pushes is what is tested, over a real connection.
let server: Server;
let client: Socket<ServerToClientEvents, ClientToServerEvents>;
beforeAll(async () => {
  const http = createServer();
  server = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
});
afterAll(async () => {
  client.disconnect();
  await server.close();
});

const mine = (over: Partial<MyQuestionView> = {}): MyQuestionView => ({
  id: randomUUID(),
  sessionId: randomUUID(),
  text: 'Қашан?',
  lang: 'kk',
  anonymous: false,
  status: 'approved',
  rejectReason: null,
  mergedInto: null,
  votes: 2,
  createdAt: new Date().toISOString(),
  answeredAt: null,
  ...over,
});

describe('the client reading server pushes', () => {
  it('hands a page only pushes that match the contract, parsed', async () => {
    const got: MyQuestionView[] = [];
    const stop = onPush(client, QA_SERVER_EVENTS, 'qa:mine', (p) => got.push(p));
    const good = mine();
    // Wrong status, a negative vote count, a missing field, then a valid one with an extra key.
    server.emit('qa:mine', { ...mine(), status: 'hacked' });
    server.emit('qa:mine', { ...mine(), votes: -1 });
    server.emit('qa:mine', { id: randomUUID() });
    server.emit('qa:mine', { ...good, injected: '<img src=x onerror=alert(1)>' });
    await expect.poll(() => got.length).toBe(1);
    expect(got[0]).toEqual(good);
    stop();
    server.emit('qa:mine', mine());
    const seen = new Promise<void>((resolve) => client.once('session:state', () => resolve()));
    server.emit('session:state', { sessionId: randomUUID(), state: 'live', at: new Date().toISOString() });
    await seen;
    expect(got).toHaveLength(1);
  });

  it('reads each event with its own schema', async () => {
    const states: string[] = [];
    const stop = onPush(client, SESSION_SERVER_EVENTS, 'session:state', (p) => states.push(p.state));
    server.emit('session:state', { sessionId: 'not-a-uuid', state: 'live', at: '' });
    server.emit('session:state', { sessionId: randomUUID(), state: 'ended', at: new Date().toISOString() });
    await expect.poll(() => states).toEqual(['ended']);
    stop();
  });
});
