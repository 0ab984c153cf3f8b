import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, waitFor } from '../helpers/wait-for';
import { sendLavfi, type RtpTarget, type Sender } from './broadcast-fixtures';

// The stand-in speakers of the broadcast tests and bench:broadcast must not compete with the server
// for its CPU: raised in the server's session they starved the program mixer (issue 10's benchmark).
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A UDP socket on loopback standing in for a track's PlainTransport. */
async function receiver(): Promise<{ track: RtpTarget; packet: () => Promise<unknown> }> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  cleanup.push(() => socket.close());
  const { port } = socket.address();
  return { track: { target: { rtp: port, rtcp: port }, ssrc: 4242, payloadType: 101 }, packet: () => waitFor(socket, 'message', 15_000) };
}

/** Field `n` (1-based, as in proc(5)) of /proc/<pid>/stat. */
const statField = (pid: number | 'self', n: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[n - 3];
};
const SESSION = 6;

describe('a stand-in speaker (ffmpeg)', () => {
  it('sends from a session, and so a scheduling group, of its own, not from the one of the server it feeds, and goes first', async () => {
    const r = await receiver();
    const sender: Sender = sendLavfi({ video: { graph: 'color=c=red:size=64x64:rate=10', track: r.track } });
    cleanup.push(() => sender.stop());
    await r.packet();
    expect(statField(sender.pid!, SESSION)).not.toBe(statField('self', SESSION));
    if (!existsSync('/proc/self/autogroup')) return;
    const group = readFileSync(`/proc/${sender.pid}/autogroup`, 'utf8');
    expect(group).not.toBe(readFileSync('/proc/self/autogroup', 'utf8'));
    // …which goes first where that is allowed (as root, in CI), so that the sender is not late either.
    if (process.getuid?.() === 0) expect(group).toMatch(/ nice -14$/m);
  });

  it('ends with the process that started it', async () => {
    const r = await receiver();
    // A parent that starts a sender, says its pid, and is then killed without a chance to stop it.
    const script = `const m = await import('./test/integration/broadcast-fixtures.ts'); const s = m.sendLavfi({ video: { graph: 'color=c=red:size=64x64:rate=10', track: ${JSON.stringify(r.track)} } }); console.log(s.pid);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanup.push(() => parent.kill('SIGKILL'));
    const pid = Number(String(await waitFor<Buffer>(parent.stdout, 'data', 15_000)).trim());
    await r.packet();
    parent.kill('SIGKILL');
    await eventually(async () => !existsSync(`/proc/${pid}`) || statField(pid, 3) === 'Z', 10_000);
  });
});
