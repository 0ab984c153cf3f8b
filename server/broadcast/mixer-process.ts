/**
 * The server's side of one program mixer process: spawns it, sends commands, parses what it
 * says, and stops it. Restarting after a crash is the program's decision (program.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from '../../platform/logger';
import { entryArgs } from '../../platform/paths';
import { MixerEvent, type InputSpec, type MixerCommand, type MixerSettings } from './mixer/protocol';

const START_TIMEOUT_MS = 15_000;
const INPUT_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 6_000;

export interface MixerProcessEvents {
  event: [MixerEvent];
  /** The process is gone; `expected` when stop() asked for it. */
  exit: [{ code: number | null; signal: NodeJS.Signals | null; expected: boolean; diskFull: boolean }];
}

export class MixerProcess extends EventEmitter<MixerProcessEvents> {
  readonly #child: ChildProcess;
  readonly #log: Logger;
  #exited = false;
  #stopping = false;
  #diskFull = false;

  private constructor(child: ChildProcess, log: Logger) {
    super();
    this.#child = child;
    this.#log = log;
    child.on('message', (raw: unknown) => {
      const e = MixerEvent.safeParse(raw);
      if (!e.success) return this.#log.warn({ issues: e.error.issues.slice(0, 2) }, 'unreadable message from the mixer');
      if (e.data.type === 'error') {
        if (e.data.diskFull) this.#diskFull = true;
        this.#log[e.data.fatal ? 'error' : 'warn']({ err: e.data.message }, 'mixer reported an error');
      }
      this.emit('event', e.data);
    });
    child.once('exit', (code, signal) => {
      this.#exited = true;
      this.emit('exit', { code, signal, expected: this.#stopping, diskFull: this.#diskFull });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** Spawns a mixer and resolves once its pipeline runs (or rejects, having killed it). */
  static async start(settings: MixerSettings, log: Logger): Promise<{ mixer: MixerProcess; wallAtZeroMs: number }> {
    const child = spawn(process.execPath, entryArgs('server/broadcast/mixer/mixer.main'), {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, BIRGE_MIXER_PARENT: String(process.pid), GST_DEBUG: '1' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const mixer = new MixerProcess(child, log);
    mixer.on('exit', ({ code, signal, expected }) => {
      if (!expected) log.error({ code, signal, pid: child.pid, stderr: stderr.slice(-1500) }, 'mixer process exited');
    });
    try {
      const wallAtZeroMs = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the mixer did not start in time')), START_TIMEOUT_MS);
        mixer.on('event', (e) => {
          if (e.type === 'ready') {
            clearTimeout(timer);
            resolve(e.wallAtZeroMs);
          } else if (e.type === 'error' && e.fatal) {
            clearTimeout(timer);
            reject(new Error(e.message));
          }
        });
        mixer.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`the mixer exited while starting: ${stderr.slice(-500)}`));
        });
        mixer.send({ op: 'start', settings });
      });
      log.info({ pid: child.pid }, 'mixer process started');
      return { mixer, wallAtZeroMs };
    } catch (e) {
      mixer.kill();
      throw e;
    }
  }

  send(c: MixerCommand): void {
    if (!this.#exited && this.#child.connected) this.#child.send(c);
  }

  /** Adds an input and resolves with the loopback ports it listens on. */
  addInput(input: InputSpec): Promise<{ rtpPort: number; rtcpPort: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('the mixer did not open the input in time')), INPUT_TIMEOUT_MS);
      const on = (e: MixerEvent) => {
        if (e.type === 'inputReady' && e.id === input.id) done(undefined, e);
        if (e.type === 'inputFailed' && e.id === input.id) done(new Error(e.error));
      };
      const onExit = () => done(new Error('the mixer exited'));
      const done = (err?: Error, ok?: { rtpPort: number; rtcpPort: number }) => {
        clearTimeout(timer);
        this.off('event', on);
        this.off('exit', onExit);
        if (err) reject(err);
        else resolve({ rtpPort: ok!.rtpPort, rtcpPort: ok!.rtcpPort });
      };
      this.on('event', on);
      this.once('exit', onExit);
      this.send({ op: 'addInput', input });
    });
  }

  /** Closes the open segments and waits for the process to exit (killing it if it hangs). */
  async stop(): Promise<void> {
    if (this.#exited) return;
    this.#stopping = true;
    const exited = new Promise<void>((resolve) => this.once('exit', () => resolve()));
    this.send({ op: 'stop' });
    const timer = setTimeout(() => this.kill(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.#exited) return;
    this.#child.kill(signal);
  }
}
