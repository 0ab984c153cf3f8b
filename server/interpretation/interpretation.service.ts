import { LANGS, type Lang } from '../../common/base';
import { AppError } from '../../common/errors';
import type { BoothView, ChannelRef, ChannelsView, ChannelView } from '../../common/interpretation.contract';
import { rooms } from '../../common/rooms';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgendaService } from '../agenda/agenda.service';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { AppServer } from '../realtime/socket';
import { idle, type Channels } from '../streaming/channels';
import type { ChannelSource } from '../streaming/language-channel';
import type { StreamingService } from '../streaming/streaming.service';
import * as repo from './interpretation.repo';

/**
 * Simultaneous interpretation: which language channels a session offers, the booth's on-air
 * switch, the turns it records, and the pushes that tell listeners and interpreters. The media
 * (relays, handover) is the streaming module's {@link Channels}.
 */
export class InterpretationService {
  /** Turn records are written in the order the channel changed hands. */
  #turns: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: { db: Db; agenda: AgendaService; roles: RolesService; streaming: StreamingService; io: AppServer; log: Logger },
  ) {
    const channels = this.#channels;
    channels.on('changed', ({ sessionId, channel }) => this.deps.io.to(rooms.session(sessionId)).emit('interp:channel', { sessionId, channel }));
    channels.on('onair', (e) => this.#onAir(e));
  }

  get #channels(): Channels {
    return this.deps.streaming.channels;
  }

  /** Every channel the session offers: languages it has interpreters for, and any open now. */
  async channels(sessionId: string): Promise<ChannelsView> {
    const session = await this.deps.agenda.session(sessionId);
    const granted = await this.deps.roles.languages({ forumId: session.forumId, sessionId }, 'interpreter');
    const open = await this.#channels.views(sessionId);
    const byLang = new Map<Lang, ChannelView>(granted.map((l) => [l, idle(l)]));
    for (const c of open) byLang.set(c.lang, c);
    return { sessionId, channels: LANGS.filter((l) => byLang.has(l)).map((l) => byLang.get(l)!) };
  }

  /** The booth: the caller's languages here and every channel. Interpreters only. */
  async booth(actor: Actor, sessionId: string): Promise<BoothView> {
    const session = await this.deps.agenda.session(sessionId);
    const languages = await this.deps.roles.languages({ forumId: session.forumId, sessionId }, 'interpreter', actor);
    if (!languages.length) throw new AppError('forbidden', 'this needs the interpreter role here');
    return { ...(await this.channels(sessionId)), languages };
  }

  /** Puts the caller's connection on air in its channel; the role is checked again every time. */
  async onAir(actor: Actor, peerId: string, input: ChannelRef): Promise<ChannelView> {
    await this.#allowed(actor, input);
    const { room, peer } = this.deps.streaming.inRoom(peerId, input.sessionId);
    return this.#channels.take(room, peer, input.lang);
  }

  async offAir(actor: Actor, peerId: string, input: ChannelRef): Promise<ChannelView> {
    await this.#allowed(actor, input);
    const { room, peer } = this.deps.streaming.inRoom(peerId, input.sessionId);
    return this.#channels.release(room, peer, input.lang);
  }

  /** The session is over: open turns end now (the media closes with the room). */
  async endSession(sessionId: string): Promise<void> {
    await this.#serial(() => repo.closeSessionTurns(this.deps.db, sessionId));
  }

  /** The languages sessions were interpreted into, for the compiled documents. */
  interpreted(sessionIds: readonly string[]): Promise<Lang[]> {
    return repo.interpretedLanguages(this.deps.db, sessionIds);
  }

  /** Waits until every turn change so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    await this.#turns;
  }

  async #allowed(actor: Actor, input: ChannelRef) {
    const session = await this.deps.agenda.session(input.sessionId);
    await this.#channels.require(actor, { forumId: session.forumId, sessionId: input.sessionId }, input.lang);
    if (session.state !== 'live') throw new AppError('invalid_state', 'you can interpret while the session is live');
  }

  #onAir({ sessionId, lang, source, previous }: { sessionId: string; lang: Lang; source: ChannelSource | undefined; previous: ChannelSource | undefined }) {
    if (previous && source && previous.peerId !== source.peerId) {
      this.deps.io.to(previous.peerId).emit('interp:handedOver', { sessionId, lang, to: source.interpreter });
    }
    void this.#serial(async () => {
      if (previous) await repo.closeTurn(this.deps.db, sessionId, lang, previous.interpreter.id);
      if (source) await repo.openTurn(this.deps.db, sessionId, lang, source.interpreter.id);
    });
  }

  #serial(fn: () => Promise<unknown>): Promise<unknown> {
    const run = this.#turns.then(fn).catch((err: unknown) => this.deps.log.error({ err }, 'interpretation turn not recorded'));
    this.#turns = run;
    return run;
  }
}
