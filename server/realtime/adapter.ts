import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis, type Command } from 'ioredis';
import type { Logger } from '../../platform/logger';
import { socketIoStream } from '../../platform/redis-keys';

/**
 * The Redis client of the Socket.IO streams adapter. The adapter saves a disconnecting
 * socket's recovery session with a SET whose promise it drops (`persistSession`), so when Redis
 * is away (or the client is closed with the SET still queued) that rejection is unhandled, and an
 * unhandled rejection ends a Node process: every server would go down the moment Redis did and a
 * socket dropped. A handler on each command's promise keeps the failure from being unhandled
 * without hiding it from the adapter's own awaits; the socket then reconnects without recovery and
 * takes a fresh snapshot.
 */
class AdapterRedis extends Redis {
  readonly #log: Logger;

  constructor(base: Redis, log: Logger) {
    super(base.options);
    this.#log = log;
    // While Redis is away the adapter's reads fail and retry; the main client already logs the outage.
    this.on('error', () => undefined);
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const reply = super.sendCommand(command, stream);
    command.promise.catch((err: unknown) => this.#log.debug({ err, command: command.name }, 'socket adapter command failed'));
    return reply;
  }
}

export interface SocketAdapter {
  adapter: ReturnType<typeof createAdapter>;
  /** Closes the adapter's own connection (after `io.close()`, which stops its reads): replies in flight first when Redis is there. */
  close(): void;
}

/** The Socket.IO adapter over Redis streams under REDIS_PREFIX, on its own connection. */
export function socketAdapter(redis: Redis, prefix: string, log: Logger): SocketAdapter {
  const client = new AdapterRedis(redis, log);
  const stream = socketIoStream(prefix);
  return {
    adapter: createAdapter(client, { streamName: stream.name, sessionKeyPrefix: stream.sessionKeyPrefix, maxLen: stream.maxLen }),
    close: () => {
      if (client.status === 'ready') void client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
