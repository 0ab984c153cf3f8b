import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import type { Lang } from '../../common/base';
import { AppError } from '../../common/errors';
import type { Logger } from '../../platform/logger';
import { RtpSwitch } from './rtp-switch';

/** An interpreter's microphone feeding a channel. */
export interface ChannelSource {
  /** The interpreter's own producer (never shown to listeners). */
  producerId: string;
  /** The socket id of the interpreter's connection. */
  peerId: string;
  interpreter: { id: string; displayName: string | null };
}

export interface LanguageChannelEvents {
  /** Who is on air changed; `previous` lost the channel (to `source`, or to nobody). */
  onair: [{ source: ChannelSource | undefined; previous: ChannelSource | undefined }];
  close: [];
}

/** How long a handover waits for the next interpreter's first packet before switching anyway. */
const HANDOVER_WAIT_MS = 300;
/** Receivers (and the program feed) map our timestamps to the wall clock with these. */
const SENDER_REPORT_MS = 1000;
const OPUS_CLOCK = 48_000;

/**
 * One language channel of a session: the audio listeners of that language receive. Listeners
 * consume a single producer that never changes; behind it, every interpreter of the language
 * has a paused DirectTransport consumer, and the one on air is resumed and relayed through an
 * {@link RtpSwitch}. A handover is a switch of source inside the server: no listener
 * re-negotiates, and the stream never pauses.
 */
export class LanguageChannel extends EventEmitter<LanguageChannelEvents> {
  readonly lang: Lang;
  readonly #router: types.Router;
  readonly #transport: types.DirectTransport;
  readonly #sources = new Map<string, { source: ChannelSource; consumer: types.Consumer }>();
  readonly #switch: RtpSwitch;
  readonly #log: Logger;
  #producer: Promise<types.Producer> | undefined;
  /** The channel producer once made, for the per-packet path. */
  #out: types.Producer | undefined;
  #onAir: ChannelSource | undefined;
  #reports: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(opts: { router: types.Router; lang: Lang; log: Logger }, transport: types.DirectTransport) {
    super();
    this.lang = opts.lang;
    this.#router = opts.router;
    this.#transport = transport;
    this.#log = opts.log;
    this.#switch = new RtpSwitch({ ssrc: randomInt(1, 0xffffffff), clockRate: OPUS_CLOCK, maxWaitMs: HANDOVER_WAIT_MS, onSwitch: (from) => this.#stopped(from) });
    transport.observer.once('close', () => this.close());
  }

  /** Opens the channel's relay on the router its interpreters publish to (the room's origin). */
  static async create(opts: { router: types.Router; lang: Lang; log: Logger }): Promise<LanguageChannel> {
    const transport = await opts.router.createDirectTransport();
    return new LanguageChannel(opts, transport);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The producer listeners consume, once the first interpreter has joined. */
  get producerId(): string | undefined {
    return this.#out?.id;
  }

  /** The interpreter on air, if any. */
  get onAir(): ChannelSource | undefined {
    return this.#onAir;
  }

  get sources(): ChannelSource[] {
    return [...this.#sources.values()].map((s) => s.source);
  }

  source(peerId: string): ChannelSource | undefined {
    return [...this.#sources.values()].find((s) => s.source.peerId === peerId)?.source;
  }

  /**
   * Adds an interpreter's producer (on the same router). The channel's own producer is made with
   * the first source, in the shape the relay consumers deliver, and is what this returns.
   */
  async addSource(producer: types.Producer, source: ChannelSource): Promise<types.Producer> {
    if (this.#closed) throw new AppError('invalid_state', 'the channel has closed');
    if (producer.kind !== 'audio') throw new AppError('invalid_input', 'a language channel carries audio');
    const consumer = await this.#transport.consume({ producerId: producer.id, rtpCapabilities: this.#router.rtpCapabilities, paused: true });
    this.#sources.set(producer.id, { source, consumer });
    consumer.on('rtp', (packet) => this.#forward(producer.id, packet));
    consumer.observer.once('close', () => this.#removed(producer.id));
    try {
      return await (this.#producer ??= this.#produce(consumer.rtpParameters));
    } catch (e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * Puts the interpreter behind `producerId` on air. Whoever was on air keeps sounding until the
   * newcomer's first packet arrives, then stops: no gap, no overlap. Returns who lost the channel.
   */
  async take(producerId: string): Promise<ChannelSource | undefined> {
    const entry = this.#sources.get(producerId);
    if (!entry || this.#closed) throw new AppError('not_found', 'publish your microphone into this channel first');
    const previous = this.#onAir;
    if (previous?.producerId === producerId) return undefined;
    this.#onAir = entry.source;
    await entry.consumer.resume();
    this.#switch.select(producerId, performance.now());
    this.#log.info({ lang: this.lang, interpreterId: entry.source.interpreter.id, previous: previous?.interpreter.id }, 'interpreter on air');
    this.emit('onair', { source: entry.source, previous });
    return previous;
  }

  /** Takes `producerId` off air (no-op if it is not on air); the channel goes idle. */
  async release(producerId: string): Promise<void> {
    if (this.#onAir?.producerId !== producerId) return;
    const previous = this.#onAir;
    this.#onAir = undefined;
    this.#switch.select(undefined, performance.now());
    await this.#sources.get(producerId)?.consumer.pause().catch(() => undefined);
    this.emit('onair', { source: undefined, previous });
  }

  /** Closes the relay (the channel producer goes with its transport). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#reports);
    this.#transport.close();
    this.#sources.clear();
    const previous = this.#onAir;
    this.#onAir = undefined;
    // Whoever was on air is off it now: their turn ends with the channel.
    if (previous) this.emit('onair', { source: undefined, previous });
    this.emit('close');
    this.removeAllListeners();
  }

  async #produce(template: types.RtpParameters): Promise<types.Producer> {
    const producer = await this.#transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: template.codecs,
        // MID identifies a consumer's m-section on its own transport; the channel has none.
        headerExtensions: (template.headerExtensions ?? []).filter((h) => h.uri !== 'urn:ietf:params:rtp-hdrext:sdes:mid'),
        encodings: [{ ssrc: this.#switch.ssrc }],
        rtcp: { cname: `channel-${this.lang}`, reducedSize: true },
      },
      appData: { channel: this.lang },
    });
    this.#out = producer;
    this.#reports = setInterval(() => this.#report(), SENDER_REPORT_MS);
    this.#reports.unref();
    return producer;
  }

  #forward(producerId: string, packet: Buffer) {
    const out = this.#switch.rewrite(producerId, packet, performance.now());
    if (!out || !this.#out || this.#out.closed) return;
    try {
      this.#out.send(out);
    } catch (e) {
      this.#log.debug({ err: e }, 'channel packet not sent');
    }
  }

  #report() {
    const sr = this.#switch.senderReport(Date.now(), performance.now());
    if (sr && !this.#transport.closed) this.#transport.sendRtcp(sr);
  }

  /** A source's packets stopped going out: pause its relay consumer unless it is back on air. */
  #stopped(producerId: string | undefined) {
    if (!producerId || this.#onAir?.producerId === producerId) return;
    void this.#sources.get(producerId)?.consumer.pause().catch(() => undefined);
  }

  #removed(producerId: string) {
    this.#sources.delete(producerId);
    if (this.#onAir?.producerId !== producerId || this.#closed) return;
    const previous = this.#onAir;
    this.#onAir = undefined;
    this.#switch.select(undefined, performance.now());
    this.emit('onair', { source: undefined, previous });
  }
}
