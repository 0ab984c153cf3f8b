import type { Socket } from 'socket.io-client';
import { z } from 'zod/mini';
import type { ServerCatalog } from '../../../common/catalog';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/events';

/** The app's typed socket, as this sees it: socket.io cannot relate a generic event name to its map. */
interface Listenable {
  on(event: string, fn: (payload: unknown) => void): unknown;
  off(event: string, fn: (payload: unknown) => void): unknown;
}

/**
 * Listens to one server push and hands `fn` its payload parsed with the contract's schema
 * (the domain's catalog in common/<domain>.contract.ts), as acks are: a push that does not
 * match is dropped, so a page only ever sees the shapes it was written for. Pass the
 * domain's own catalog so a page loads only the schemas it uses. Returns the unsubscribe function.
 */
export function onPush<C extends ServerCatalog, E extends keyof C & string>(socket: Socket<ServerToClientEvents, ClientToServerEvents>, catalog: C, event: E, fn: (payload: z.output<C[E]['payload']>) => void): () => void {
  const schema = catalog[event]!.payload;
  const listener = (raw: unknown) => {
    const r = z.safeParse(schema, raw);
    if (r.success) fn(r.data as z.output<C[E]['payload']>);
  };
  const s = socket as unknown as Listenable;
  s.on(event, listener);
  return () => void s.off(event, listener);
}
