import dgram from 'node:dgram';
import type { types } from 'mediasoup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger';
import { Peer } from '../../server/streaming/peer';
import type { Room } from '../../server/streaming/room';
import { startTestApp, type TestApp } from '../helpers/app';
import { eventually } from '../helpers/wait-for';
import { forumWithSession, goLive } from '../helpers/factories';
import { plainViewer } from './streaming-fixtures';

// Real mediasoup workers: two "interpreters" send Opus-shaped RTP over plain transports into the
// kk channel; a listener on another worker (through a pipe) receives the channel's one stream.
let app: TestApp;
const range = { min: 46100, max: 46999 };
const cleanup: (() => unknown)[] = [];
const quiet = createLogger('silent');

beforeAll(async () => {
  app = await startTestApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '2', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1', MEDIA_VIEWERS_PER_ROUTER: '1' });
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await app?.stop();
});

/** An interpreter's microphone: 20 ms RTP packets whose payload bytes all say who sent them. */
async function interpreter(room: Room, mark: number, name: string) {
  const transport = await room.origin.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1', portRange: range }, rtcpMux: true, comedia: true });
  const ssrc = 0x1000 + mark;
  const producer = await transport.produce({ kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] } });
  const socket = dgram.createSocket('udp4');
  // Each source starts its numbering somewhere else, as two browsers would.
  let seq = mark * 1000;
  let ts = mark * 7_777_777;
  const timer = setInterval(() => {
    const p = Buffer.alloc(12 + 40, mark);
    p[0] = 0x80;
    p[1] = 100;
    p.writeUInt16BE(seq++ & 0xffff, 2);
    p.writeUInt32BE(ts >>> 0, 4);
    p.writeUInt32BE(ssrc, 8);
    ts += 960;
    socket.send(p, transport.tuple.localPort, '127.0.0.1');
  }, 20);
  const peer = new Peer({ id: `peer-${name}`, sessionId: room.sessionId, actor: { kind: 'account', id: crypto.randomUUID(), displayName: name, canCreateForums: false, isAdmin: false }, notify: () => undefined, log: quiet });
  cleanup.push(() => {
    clearInterval(timer);
    socket.close();
    transport.close();
  });
  return { producer, peer };
}

interface Arrival {
  at: number;
  seq: number;
  ts: number;
  ssrc: number;
  mark: number;
}

async function listener(room: Room, producer: types.Producer) {
  const arrivals: Arrival[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (m) => {
    const pt = m[1]! & 0x7f;
    if (m.length < 12 || (pt >= 72 && pt <= 76)) return;
    arrivals.push({ at: performance.now(), seq: m.readUInt16BE(2), ts: m.readUInt32BE(4), ssrc: m.readUInt32BE(8), mark: m[m.length - 1]! });
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const viewer = await plainViewer(room, [producer], socket.address().port, range);
  cleanup.push(() => {
    viewer.transport.close();
    socket.close();
  });
  return { arrivals, viewer };
}

describe('language channel relay', () => {
  it('hands the kk channel from one interpreter to the next as one unbroken stream, piped to another worker', async () => {
    const fx = await forumWithSession(app);
    await goLive(fx);
    const room = await app.services.streaming.openRoom(fx.session.id);
    const channels = app.services.streaming.channels;
    const a = await interpreter(room, 0xaa, 'Әсел');
    const b = await interpreter(room, 0xbb, 'Болат');
    await channels.adopt(room, a.peer, a.producer, 'kk');
    await channels.adopt(room, b.peer, b.producer, 'kk');
    const idle = await channels.view(room, 'kk');
    expect(idle).toMatchObject({ lang: 'kk', live: false, interpreter: null });
    const channelProducer = room.producer(idle.producerId!)!.producer;

    // Two listeners: the second is placed on the other worker's router (one viewer per router).
    const first = await listener(room, channelProducer);
    const second = await listener(room, channelProducer);
    expect(second.viewer.at.slot.index).not.toBe(first.viewer.at.slot.index);

    const onAir = await channels.take(room, a.peer, 'kk');
    expect(onAir).toMatchObject({ live: true, interpreter: { displayName: 'Әсел' } });
    await eventually(async () => first.arrivals.filter((x) => x.mark === 0xaa).length > 25 && second.arrivals.length > 25);
    // Nothing of the interpreter off air gets through.
    expect(first.arrivals.every((x) => x.mark === 0xaa)).toBe(true);

    const handedFrom = channels.take(room, b.peer, 'kk');
    const changed = await handedFrom;
    expect(changed).toMatchObject({ live: true, interpreter: { displayName: 'Болат' } });
    await eventually(async () => first.arrivals.filter((x) => x.mark === 0xbb).length > 25);

    for (const { arrivals } of [first, second]) {
      const switchAt = arrivals.findIndex((x) => x.mark === 0xbb);
      const before = arrivals[switchAt - 1]!;
      const after = arrivals[switchAt]!;
      // One stream: same SSRC, the next sequence number, about one packet's time later.
      expect(new Set(arrivals.map((x) => x.ssrc)).size).toBe(1);
      expect((after.seq - before.seq) & 0xffff).toBe(1);
      const tsStep = (after.ts - before.ts) >>> 0;
      expect(tsStep).toBeGreaterThan(0);
      expect(tsStep).toBeLessThan(48 * 200);
      expect(after.at - before.at).toBeLessThan(200);
      // And after the switch only the new interpreter is heard.
      expect(arrivals.slice(switchAt).every((x) => x.mark === 0xbb)).toBe(true);
      for (let i = 1; i < arrivals.length; i++) expect((arrivals[i]!.seq - arrivals[i - 1]!.seq) & 0xffff).toBe(1);
    }

    // Off air: the channel goes idle and nothing more is sent.
    expect(await channels.release(room, b.peer, 'kk')).toMatchObject({ live: false, interpreter: null });
    const count = first.arrivals.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(first.arrivals.length - count).toBeLessThanOrEqual(2);
  });
});
