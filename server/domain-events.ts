import { EventEmitter } from 'node:events';
import type { SessionState } from '../common/agenda.contract';
import type { OrgRef } from '../common/organizations.contract';
import type { Queryable } from '../platform/db';

/**
 * Facts one domain announces and others react to, inside one process
 * (e.g. recommendations enqueue a compile when agenda reports a session ended).
 * Cross-process fan-out goes through Socket.IO's Redis adapter and BullMQ, not here.
 */
export interface DomainEventMap {
  'session.started': [{ sessionId: string; forumId: string; at: Date }];
  'session.ended': [{ sessionId: string; forumId: string; at: Date }];
  'session.cancelled': [{ sessionId: string; forumId: string; at: Date }];
  /** Whom a person speaks for in a forum changed (a registration decided); `previous` is whom they spoke for before. */
  'organization.representation': [{ forumId: string; personId: string; previous: OrgRef | null }];
}

/**
 * Changes whose reactions must commit with them (the outbox pattern): their listeners run
 * inside the transaction of the change, on its connection, so a crash can never keep the
 * change and lose the work it asks for (a reconciler then carries the work out).
 */
export interface TxEventMap {
  'session.transition': { q: Queryable; sessionId: string; forumId: string; from: SessionState; to: SessionState };
}
type TxListener<K extends keyof TxEventMap> = (e: TxEventMap[K]) => Promise<void>;

export class DomainEvents extends EventEmitter<DomainEventMap> {
  readonly #tx = new Map<keyof TxEventMap, Set<TxListener<keyof TxEventMap>>>();

  /** Awaits every async listener so a caller can be sure reactions ran (and see their errors). */
  async publish<K extends keyof DomainEventMap>(name: K, ...args: DomainEventMap[K]): Promise<void> {
    const listeners = this.listeners(name) as ((...a: DomainEventMap[K]) => unknown)[];
    await Promise.all(listeners.map((l) => l(...args)));
  }

  /** Registers a listener that runs inside the change's transaction; returns its removal. */
  onTx<K extends keyof TxEventMap>(name: K, fn: TxListener<K>): () => void {
    const set = this.#tx.get(name) ?? new Set();
    this.#tx.set(name, set);
    set.add(fn as TxListener<keyof TxEventMap>);
    return () => set.delete(fn as TxListener<keyof TxEventMap>);
  }

  /** Runs the transaction's listeners one after another on its connection; a failure rolls the change back. */
  async publishTx<K extends keyof TxEventMap>(name: K, e: TxEventMap[K]): Promise<void> {
    for (const fn of this.#tx.get(name) ?? []) await fn(e);
  }
}
