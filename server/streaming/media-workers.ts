import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../../platform/logger';
import { SOCKET_BUFFER_BYTES } from './media-config';

/** The part of the mediasoup module the pool needs (the module is imported lazily, see streaming.module.ts). */
export interface MediasoupApi {
  createWorker: (settings?: types.WorkerSettings) => Promise<types.Worker>;
}

export interface MediaWorkersOptions {
  mediasoup: MediasoupApi;
  /** How many worker processes (one per core is the norm). */
  count: number;
  listenIp: string;
  /** The address browsers are told to reach, when the server sits behind NAT. */
  announcedAddress: string | undefined;
  /** Worker i's WebRtcServer listens on port + i; 0 picks any free port in the RTC range. */
  port: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  log: Logger;
}

/** One worker process and the WebRtcServer all its WebRTC transports share. */
export interface WorkerSlot {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
}

export interface MediaWorkersEvents {
  /** The worker process at `index` died; its routers and transports are already closed. */
  died: [{ index: number; pid: number; error: Error }];
  /** A new worker took the place of a dead one. */
  replaced: [WorkerSlot];
}

interface SlotState {
  slot: WorkerSlot | undefined;
  /** Live consumers on this worker (pipes included): what "load" means for placement. */
  consumers: number;
  restarts: number;
  /** Settles when a dead worker's replacement is up (or has finally failed). */
  replacing: Promise<void> | undefined;
  lastError: string | undefined;
}

const REPLACE_ATTEMPTS = 5;

/**
 * A fixed pool of mediasoup workers, one per core by default. Dead workers are replaced at the
 * same index (and the same WebRtcServer port, so firewall rules keep holding).
 */
export class MediaWorkers extends EventEmitter<MediaWorkersEvents> {
  readonly #states: SlotState[];
  #closed = false;

  private constructor(private readonly opts: MediaWorkersOptions) {
    super();
    this.#states = Array.from({ length: opts.count }, () => ({ slot: undefined, consumers: 0, restarts: 0, replacing: undefined, lastError: undefined }));
  }

  /** Starts every worker; fails (closing what started) if any cannot start. */
  static async create(opts: MediaWorkersOptions): Promise<MediaWorkers> {
    const pool = new MediaWorkers(opts);
    try {
      await Promise.all(pool.#states.map((_, i) => pool.#start(i)));
    } catch (e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Workers that are alive now. */
  get slots(): WorkerSlot[] {
    return this.#states.flatMap((s) => (s.slot ? [s.slot] : []));
  }

  /** Consumers currently served by the worker at `index`. */
  load(index: number): number {
    return this.#states[index]?.consumers ?? 0;
  }

  /** The live worker with the fewest consumers, optionally avoiding some indexes. */
  leastLoaded(exclude: ReadonlySet<number> = new Set()): WorkerSlot | undefined {
    let best: SlotState | undefined;
    for (const s of this.#states) {
      if (!s.slot || exclude.has(s.slot.index)) continue;
      if (!best || s.consumers < best.consumers) best = s;
    }
    return best?.slot;
  }

  /** Resolves once the worker at `index` is alive again (or its replacement has given up). */
  async whenAlive(index: number): Promise<void> {
    // A dying worker's routers close just before its 'died' event: let that event run first.
    await new Promise((resolve) => setImmediate(resolve));
    await this.#states[index]?.replacing;
  }

  /** Per-worker facts for /healthz. */
  report(): { index: number; pid: number | null; alive: boolean; consumers: number; restarts: number; error?: string }[] {
    return this.#states.map((s, index) => ({
      index,
      pid: s.slot?.worker.pid ?? null,
      alive: Boolean(s.slot),
      consumers: s.consumers,
      restarts: s.restarts,
      ...(s.lastError ? { error: s.lastError } : {}),
    }));
  }

  /** Closes every worker (their routers and transports go with them). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#states) {
      s.slot?.worker.close();
      s.slot = undefined;
    }
    this.removeAllListeners();
  }

  async #start(index: number): Promise<WorkerSlot> {
    const { mediasoup, listenIp, announcedAddress, port, rtcMinPort, rtcMaxPort } = this.opts;
    const worker = await mediasoup.createWorker({ logLevel: 'warn', appData: { index } });
    if (this.#closed) {
      worker.close();
      throw new Error('media workers closed while starting');
    }
    try {
      const where = port === 0 ? { portRange: { min: rtcMinPort, max: rtcMaxPort } } : { port: port + index };
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({
          protocol,
          ip: listenIp,
          ...(announcedAddress ? { announcedAddress } : {}),
          ...where,
          sendBufferSize: SOCKET_BUFFER_BYTES,
          recvBufferSize: SOCKET_BUFFER_BYTES,
        })),
      });
      const state = this.#states[index]!;
      const slot: WorkerSlot = { index, worker, webRtcServer };
      state.slot = slot;
      state.consumers = 0;
      state.lastError = undefined;
      this.#countConsumers(state, worker);
      worker.on('died', (error) => this.#died(index, worker, error));
      this.opts.log.info({ index, pid: worker.pid }, 'media worker started');
      return slot;
    } catch (e) {
      worker.close();
      throw e;
    }
  }

  #countConsumers(state: SlotState, worker: types.Worker) {
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newconsumer', (consumer) => {
          if (state.slot?.worker !== worker) return;
          state.consumers++;
          consumer.observer.once('close', () => {
            if (state.slot?.worker === worker) state.consumers--;
          });
        }),
      ),
    );
  }

  #died(index: number, worker: types.Worker, error: Error) {
    const state = this.#states[index]!;
    if (this.#closed || state.slot?.worker !== worker) return;
    state.slot = undefined;
    state.lastError = `worker died: ${error.message}`;
    this.opts.log.error({ index, pid: worker.pid, err: error }, 'media worker died; replacing it');
    state.replacing = this.#replace(index).finally(() => {
      state.replacing = undefined;
    });
    this.emit('died', { index, pid: worker.pid, error });
  }

  async #replace(index: number): Promise<void> {
    const state = this.#states[index]!;
    for (let attempt = 1; attempt <= REPLACE_ATTEMPTS && !this.#closed; attempt++) {
      try {
        const slot = await this.#start(index);
        state.restarts++;
        this.emit('replaced', slot);
        return;
      } catch (e) {
        state.lastError = `restart ${attempt}/${REPLACE_ATTEMPTS} failed: ${e instanceof Error ? e.message : String(e)}`;
        this.opts.log.error({ index, attempt, err: e }, 'media worker restart failed');
        if (attempt < REPLACE_ATTEMPTS) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  }
}
