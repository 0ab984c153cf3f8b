import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Lang } from '../../common/base';
import { AppError } from '../../common/errors';
import type { ChannelView } from '../../common/interpretation.contract';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RoleScope, RolesService } from '../people/roles.service';
import { LanguageChannel, type ChannelSource } from './language-channel';
import type { Peer } from './peer';
import type { Room } from './room';

export interface ChannelsEvents {
  /** A channel opened, went live or idle, or changed interpreter. */
  changed: [{ sessionId: string; channel: ChannelView }];
  /** Who is on air changed: `source` took over from `previous` (either may be missing). */
  onair: [{ sessionId: string; lang: Lang; source: ChannelSource | undefined; previous: ChannelSource | undefined }];
}

/**
 * The language channels of every room in this process, and who may publish into them: only an
 * interpreter of the session, into the language of their grant. Kept apart from the speakers'
 * publishing rules; the streaming service asks it when a track is an interpretation.
 */
export class Channels extends EventEmitter<ChannelsEvents> {
  readonly #rooms = new Map<string, { room: Room; channels: Map<Lang, Promise<LanguageChannel>> }>();

  constructor(private readonly deps: { roles: RolesService; log: Logger }) {
    super();
  }

  /** Whether the actor interprets in this session (into `lang`, or into any language). */
  isInterpreter(actor: Actor, scope: RoleScope, lang?: Lang): Promise<boolean> {
    return this.deps.roles.has(actor, 'interpreter', { ...scope, language: lang });
  }

  /** Throws `forbidden` unless the actor interprets into `lang` in this session. */
  require(actor: Actor, scope: RoleScope, lang: Lang): Promise<void> {
    return this.deps.roles.require(actor, 'interpreter', { ...scope, language: lang });
  }

  /**
   * Feeds an interpreter's producer (made on the room's origin router) into the channel of its
   * language, opening the channel on first use. The channel's own producer joins the room's
   * producers (so it is piped to every router) but is not listed with the speakers' tracks.
   */
  async adopt(room: Room, peer: Peer, producer: types.Producer, lang: Lang): Promise<void> {
    const channel = await this.#channel(room, lang);
    const out = await channel.addSource(producer, { producerId: producer.id, peerId: peer.id, interpreter: { id: peer.actor.id, displayName: peer.actor.displayName } });
    if (!room.producer(out.id)) {
      await room.addProducer(out, { id: out.id, kind: 'audio', source: 'interpretation', channel: lang, speaker: { id: peer.actor.id, displayName: peer.actor.displayName }, paused: false });
    }
    this.emit('changed', { sessionId: room.sessionId, channel: viewOf(lang, channel) });
  }

  /** Puts the peer's source in `lang` on air; returns the channel as it is then. */
  async take(room: Room, peer: Peer, lang: Lang): Promise<ChannelView> {
    const { channel, source } = await this.#mine(room, peer, lang);
    await channel.take(source.producerId);
    return this.view(room, lang);
  }

  async release(room: Room, peer: Peer, lang: Lang): Promise<ChannelView> {
    const { channel, source } = await this.#mine(room, peer, lang);
    await channel.release(source.producerId);
    return this.view(room, lang);
  }

  /** The channels open in a session's room in this process now, by language. */
  async views(sessionId: string): Promise<ChannelView[]> {
    const open = this.#rooms.get(sessionId);
    if (!open || open.room.closed) return [];
    const out: ChannelView[] = [];
    for (const lang of [...open.channels.keys()].sort()) out.push(await this.view(open.room, lang));
    return out;
  }

  async view(room: Room, lang: Lang): Promise<ChannelView> {
    const channel = await this.#open(room)?.get(lang)?.catch(() => undefined);
    return channel && !channel.closed ? viewOf(lang, channel) : idle(lang);
  }

  #open(room: Room): Map<Lang, Promise<LanguageChannel>> | undefined {
    const open = this.#rooms.get(room.sessionId);
    return open?.room === room ? open.channels : undefined;
  }

  async #mine(room: Room, peer: Peer, lang: Lang): Promise<{ channel: LanguageChannel; source: ChannelSource }> {
    const channel = await this.#open(room)?.get(lang)?.catch(() => undefined);
    const source = channel?.source(peer.id);
    if (!channel || !source) throw new AppError('invalid_state', `publish your microphone into the ${lang} channel first`);
    return { channel, source };
  }

  #channel(room: Room, lang: Lang): Promise<LanguageChannel> {
    let open = this.#rooms.get(room.sessionId);
    if (!open || open.room !== room) {
      open = { room, channels: new Map() };
      this.#rooms.set(room.sessionId, open);
      const entry = open;
      room.once('close', () => {
        if (this.#rooms.get(room.sessionId) === entry) this.#rooms.delete(room.sessionId);
      });
    }
    let pending = open.channels.get(lang);
    if (!pending) {
      const channels = open.channels;
      pending = LanguageChannel.create({ router: room.origin.router, lang, log: this.deps.log.child({ sessionId: room.sessionId, lang }) }).then((channel) => {
        channel.on('onair', ({ source, previous }) => {
          this.emit('onair', { sessionId: room.sessionId, lang, source, previous });
          void this.view(room, lang).then((view) => this.emit('changed', { sessionId: room.sessionId, channel: view }));
        });
        channel.once('close', () => channels.get(lang) === pending && channels.delete(lang));
        return channel;
      });
      pending.catch(() => channels.get(lang) === pending && channels.delete(lang));
      channels.set(lang, pending);
    }
    return pending;
  }
}

function viewOf(lang: Lang, channel: LanguageChannel): ChannelView {
  const on = channel.onAir;
  return { lang, producerId: channel.producerId ?? null, live: on !== undefined, interpreter: on ? on.interpreter : null };
}

/** A language the session has interpreters for, with nobody in the booth yet. */
export function idle(lang: Lang): ChannelView {
  return { lang, producerId: null, live: false, interpreter: null };
}
