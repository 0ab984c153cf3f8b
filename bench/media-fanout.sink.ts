/**
 * The viewers' side of bench/media-fanout.ts, in a process of its own so that receiving
 * does not share an event loop (or a CPU account) with what is measured.
 * IPC: {type:'open', count} → {type:'opened', first, ports}; {type:'counts'} → {type:'counts', packets, drops}.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), count: z.number().int().min(1).max(20_000) }),
  z.object({ type: z.literal('counts') }),
  z.object({ type: z.literal('close') }),
]);

const sockets: dgram.Socket[] = [];
const packets: number[] = [];

async function open(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = sockets.length;
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    packets.push(0);
    socket.on('message', (msg) => {
      // RTP only: RTCP (payload-type byte 200–204 with the marker bit) shares the port.
      const pt = (msg[1] ?? 0) & 0x7f;
      if (msg.length >= 12 && !(pt >= 72 && pt <= 76)) packets[index]!++;
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
    ports.push(socket.address().port);
  }
  return ports;
}

process.on('message', (raw) => {
  const m = Message.safeParse(raw);
  if (!m.success) return;
  if (m.data.type === 'open') {
    const first = sockets.length;
    void open(m.data.count).then((ports) => process.send?.({ type: 'opened', first, ports }));
  }
  else if (m.data.type === 'counts') process.send?.({ type: 'counts', packets, drops: kernelDrops() });
  else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

/**
 * Packets the kernel dropped at each socket because this process read too slowly
 * (the last column of /proc/net/udp): they reached the viewer's socket, the viewer lost them.
 */
function kernelDrops(): number[] {
  const byPort = new Map<number, number>();
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (!local || cols.length < 13) continue;
    byPort.set(parseInt(local.split(':')[1] ?? '', 16), Number(cols[12]));
  }
  return sockets.map((s) => byPort.get(s.address().port) ?? 0);
}
