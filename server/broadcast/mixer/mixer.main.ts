/**
 * Entry point of a program mixer process (spawned by the server's MixerProcess, one per live
 * session). Commands arrive on the IPC channel; events go back on it. It dies with its
 * parent (PR_SET_PDEATHSIG, and on IPC disconnect), so a killed server leaves no mixer.
 */
import { dieWithParent } from './gst';
import { Mixer } from './mixer';
import { MixerCommand, type MixerEvent } from './protocol';

const POLL_MS = 40;

function send(e: MixerEvent) {
  if (process.connected) process.send?.(e);
}

function main() {
  const parent = Number(process.env.BIRGE_MIXER_PARENT);
  if (!process.send || !dieWithParent(parent)) process.exit(3);
  process.on('disconnect', () => process.exit(0));
  let mixer: Mixer | undefined;
  let timer: NodeJS.Timeout | undefined;
  process.on('message', (raw: unknown) => {
    const parsed = MixerCommand.safeParse(raw);
    if (!parsed.success) {
      send({ type: 'error', message: `malformed command: ${parsed.error.issues[0]?.message ?? ''}`, fatal: false, diskFull: false });
      return;
    }
    const c = parsed.data;
    try {
      if (c.op === 'start') {
        if (mixer) return;
        mixer = new Mixer(c.settings, send);
        mixer.start();
        timer = setInterval(() => mixer?.poll(), POLL_MS);
        return;
      }
      if (!mixer) throw new Error('not started');
      if (c.op === 'addInput') {
        try {
          mixer.addInput(c.input);
        } catch (e) {
          send({ type: 'inputFailed', id: c.input.id, error: e instanceof Error ? e.message : String(e) });
        }
      } else if (c.op === 'removeInput') mixer.removeInput(c.id);
      else if (c.op === 'layout') mixer.layout(c.slate, c.boxes);
      else if (c.op === 'addRendition') mixer.addRendition(c.rendition, c.startIndex);
      else if (c.op === 'stats') mixer.stats();
      else if (c.op === 'stop') mixer.stop();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      send({ type: 'error', message, fatal: c.op === 'start', diskFull: false });
      if (c.op === 'start') {
        clearInterval(timer);
        setImmediate(() => process.exit(1));
      }
    }
  });
}

main();
