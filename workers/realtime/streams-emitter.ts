/**
 * Emits Socket.IO events from a process that has no Socket.IO server (a worker), to the
 * clients of every API process, through the Redis stream the API's
 * @socket.io/redis-streams-adapter reads. (@socket.io/redis-emitter publishes on Redis
 * pub/sub for the classic adapter: the streams adapter never sees those messages.)
 *
 * The entry has the adapter's own cluster-message shape: uid "emitter" (which the
 * adapter accepts from non-members), namespace "/", type BROADCAST, and the packet with
 * its room options as JSON. Being in the stream, it is also replayed to clients that
 * recover their connection.
 */
import type { Redis } from 'ioredis';
import type { ServerToClientEvents } from '../../common/events';

const BROADCAST = 3; // socket.io-adapter MessageType.BROADCAST
const EVENT = 2; // socket.io-parser PacketType.EVENT

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

export class StreamsEmitter {
  /**
   * @param streamName the adapter's `streamName` (Birge: `<REDIS_PREFIX>:socket.io`)
   * @param maxLen approximate stream cap, as the adapter's own (10,000) so neither trims more than the other
   */
  constructor(
    private readonly redis: Redis,
    private readonly streamName: string,
    private readonly maxLen = 10_000,
  ) {}

  to(...rooms: string[]): { emit<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>): Promise<void> } {
    return {
      emit: async (event, ...args) => {
        const data = JSON.stringify({
          packet: { type: EVENT, data: [event, ...args], nsp: '/' },
          opts: { rooms, except: [], flags: {} },
        });
        await this.redis.xadd(this.streamName, 'MAXLEN', '~', String(this.maxLen), '*', 'uid', 'emitter', 'nsp', '/', 'type', String(BROADCAST), 'data', data);
      },
    };
  }
}
