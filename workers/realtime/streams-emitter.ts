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
import type { SocketIoStream } from '../../platform/redis-keys';

const BROADCAST = 3; // socket.io-adapter MessageType.BROADCAST
const EVENT = 2; // socket.io-parser PacketType.EVENT

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

export class StreamsEmitter {
  constructor(
    private readonly redis: Redis,
    private readonly stream: Pick<SocketIoStream, 'name' | 'maxLen'>,
  ) {}

  to(...rooms: string[]): { emit<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>): Promise<void> } {
    return {
      emit: async (event, ...args) => {
        const data = JSON.stringify({
          packet: { type: EVENT, data: [event, ...args], nsp: '/' },
          opts: { rooms, except: [], flags: {} },
        });
        await this.redis.xadd(this.stream.name, 'MAXLEN', '~', String(this.stream.maxLen), '*', 'uid', 'emitter', 'nsp', '/', 'type', String(BROADCAST), 'data', data);
      },
    };
  }
}
