import type { WireError } from './errors';

/** Every client→server socket event is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export type AckCallback<T> = (result: Ack<T>) => void;
