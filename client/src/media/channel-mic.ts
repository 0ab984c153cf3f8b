import type { types } from 'mediasoup-client';
import type { Lang } from '../../../common/base';
import { ChannelView, INTERP_SERVER_EVENTS, type HandedOver } from '../../../common/interpretation.contract';
import { onPush } from '../api/push';
import { Emitter } from './emitter';
import type { MediaSession } from './media-session';
import { getUserMedia } from './publisher';
import { MediaError, request } from './signal';

export interface ChannelMicOptions {
  lang: Lang;
  /** A microphone from `enumerateDevices()`; the browser's default otherwise. */
  deviceId?: string;
}

export interface ChannelMicEvents extends Record<string, unknown[]> {
  /** On air or not, muted or not, coughing or not, or the channel changed hands. */
  change: [];
  /** A colleague took the channel; this interpreter is off air. */
  handedOver: [HandedOver['to']];
  /** Publishing again after a reconnect failed. */
  error: [MediaError];
}

/**
 * An interpreter's microphone in their language channel. The track is published (off air) as
 * soon as the booth opens, so going on air is a switch on the server, not a negotiation: the
 * listener hears the next interpreter the moment their first packet arrives. Mute and cough
 * silence the track locally, at once, without a round trip. Build it with {@link MediaSession.interpret}.
 */
export class ChannelMic extends Emitter<ChannelMicEvents> {
  readonly lang: Lang;
  readonly #session: MediaSession;
  #track: MediaStreamTrack;
  #producer: types.Producer | undefined;
  #channel: ChannelView;
  /** This connection wants to be on air (survives a reconnect, not a handover). */
  #onAir = false;
  #muted = false;
  #coughing = false;
  #stopped = false;
  readonly #off: (() => void)[] = [];

  private constructor(session: MediaSession, lang: Lang, track: MediaStreamTrack) {
    super();
    this.#session = session;
    this.lang = lang;
    this.#track = track;
    this.#channel = { lang, producerId: null, live: false, interpreter: null };
    const socket = session.socket;
    this.#off.push(
      onPush(socket, INTERP_SERVER_EVENTS, 'interp:channel', (e) => {
        if (e.sessionId !== session.sessionId || e.channel.lang !== lang) return;
        this.#channel = e.channel;
        this.emit('change');
      }),
      onPush(socket, INTERP_SERVER_EVENTS, 'interp:handedOver', (e) => {
        if (e.sessionId !== session.sessionId || e.lang !== lang) return;
        this.#onAir = false;
        this.emit('handedOver', e.to);
        this.emit('change');
      }),
      session.on('joined', () => void this.#republish()),
      session.on('closed', () => this.stop()),
    );
  }

  /** Opens the microphone and publishes it into the channel, off air. */
  static async start(session: MediaSession, opts: ChannelMicOptions): Promise<ChannelMic> {
    const stream = await getUserMedia({ audio: interpreterMic(opts.deviceId) });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MediaError('device', 'the microphone gave no track');
    const mic = new ChannelMic(session, opts.lang, track);
    try {
      await mic.#produce();
    } catch (e) {
      mic.stop();
      throw e;
    }
    return mic;
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }

  /** This interpreter is on air (what listeners of the channel hear). */
  get onAir(): boolean {
    return this.#onAir && this.#channel.live;
  }

  get muted(): boolean {
    return this.#muted;
  }

  get coughing(): boolean {
    return this.#coughing;
  }

  /** The channel as the server last described it (who is on air). */
  get channel(): ChannelView {
    return this.#channel;
  }

  /** The one on-air switch. Going on air takes the channel from a colleague, who is told. */
  async setOnAir(on: boolean): Promise<void> {
    const event = on ? 'interp:onAir' : 'interp:offAir';
    this.#onAir = on;
    try {
      this.#channel = ChannelView.parse(await request(this.#session.socket, event, { sessionId: this.#session.sessionId, lang: this.lang }));
    } catch (e) {
      this.#onAir = false;
      throw e;
    } finally {
      this.emit('change');
    }
  }

  /** Silences the microphone until unmuted (listeners hear silence, not the floor). */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#sync();
  }

  /** Silences the microphone while held (a cough, a sip of water). */
  setCough(held: boolean): void {
    this.#coughing = held;
    this.#sync();
  }

  /** Moves to another microphone without leaving the air. */
  async switchDevice(deviceId: string): Promise<void> {
    const stream = await getUserMedia({ audio: interpreterMic(deviceId, true) });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MediaError('device', 'the microphone gave no track');
    const old = this.#track;
    this.#track = track;
    this.#sync();
    await this.#producer?.replaceTrack({ track });
    old.stop();
    this.emit('change');
  }

  /** Leaves the air and the channel, and releases the microphone. Safe twice. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const producer = this.#producer;
    if (producer && !producer.closed) {
      producer.close();
      void request(this.#session.socket, 'stream:closeProducer', { sessionId: this.#session.sessionId, producerId: producer.id }).catch(() => undefined);
    }
    this.#track.stop();
    for (const off of this.#off.splice(0)) off();
    this.removeAllListeners();
  }

  #sync() {
    this.#track.enabled = !this.#muted && !this.#coughing;
    this.emit('change');
  }

  async #produce() {
    const transport = await this.#session.sendTransport();
    this.#producer = await transport.produce({
      track: this.#track,
      stopTracks: false,
      appData: { source: 'interpretation', channel: this.lang },
      // No DTX: the channel's stream stays continuous, so a handover needs no restart anywhere.
      codecOptions: { opusStereo: false, opusDtx: false, opusFec: true },
    });
  }

  /** After a reconnect: publish again, and take the air again if this interpreter had it. */
  async #republish() {
    if (this.#stopped) return;
    try {
      await this.#produce();
      if (this.#onAir) await this.setOnAir(true);
    } catch (e) {
      this.emit('error', e instanceof MediaError ? e : new MediaError('internal', String(e)));
    }
  }
}

/**
 * Interpreters wear headphones: echo cancellation would only eat into their voice when the
 * floor leaks, so it is off; noise suppression and gain control stay on.
 */
function interpreterMic(deviceId: string | undefined, exact = false): MediaTrackConstraints {
  return {
    echoCancellation: false,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {}),
  };
}
