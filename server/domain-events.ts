import { EventEmitter } from 'node:events';

/**
 * Facts one domain announces and others react to, inside one process
 * (e.g. recommendations enqueue a compile when agenda reports a session ended).
 * Cross-process fan-out goes through Socket.IO's Redis adapter and BullMQ, not here.
 */
export interface DomainEventMap {
  'session.started': [{ sessionId: string; forumId: string; at: Date }];
  'session.ended': [{ sessionId: string; forumId: string; at: Date }];
  'session.cancelled': [{ sessionId: string; forumId: string; at: Date }];
}

export class DomainEvents extends EventEmitter<DomainEventMap> {
  /** Awaits every async listener so a caller can be sure reactions ran (and see their errors). */
  async publish<K extends keyof DomainEventMap>(name: K, ...args: DomainEventMap[K]): Promise<void> {
    const listeners = this.listeners(name) as ((...a: DomainEventMap[K]) => unknown)[];
    await Promise.all(listeners.map((l) => l(...args)));
  }
}
