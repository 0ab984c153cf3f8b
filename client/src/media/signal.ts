import type { Socket } from 'socket.io-client';
import type { z } from 'zod/mini';
import { ackSchema } from '../../../common/ack';
import type { ErrorCode } from '../../../common/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/events';
import { INTERP_CLIENT_EVENTS } from '../../../common/interpretation.contract';
import { STREAM_CLIENT_EVENTS } from '../../../common/stream.contract';

/** The app's typed Socket.IO connection (the same type as the client's `AppSocket`). */
export type MediaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Why a media call failed: a server code, or one only the browser sees. */
export type MediaErrorCode = ErrorCode | 'timeout' | 'device' | 'unsupported';

/**
 * Every failure of the media module. `device`: the camera/microphone could not be opened
 * (denied, missing, busy); `unsupported`: this browser cannot do WebRTC; server codes come
 * from the `Ack` (e.g. `forbidden` for a citizen trying to publish).
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The requests the media module makes, with the contract's schemas for their acks. */
const REQUESTS = { ...STREAM_CLIENT_EVENTS, ...INTERP_CLIENT_EVENTS };
type Req = keyof typeof REQUESTS;
type Input<E extends Req> = z.input<(typeof REQUESTS)[E]['input']>;
type Output<E extends Req> = z.output<(typeof REQUESTS)[E]['ack']>;

/** How long a signaling request waits for its ack. */
export const REQUEST_TIMEOUT_MS = 8000;

/**
 * Sends one request (`stream:*`, `interp:*`) and unwraps its Ack, read through the contract's
 * schema for its data; throws {@link MediaError} on refusal or on an answer that does not match.
 */
export async function request<E extends Req>(socket: MediaSocket, event: E, input: Input<E>): Promise<Output<E>> {
  // socket.io's generic emitWithAck cannot be typed per event from a union; the contract above is.
  const timed = socket.timeout(REQUEST_TIMEOUT_MS);
  const emit = timed.emitWithAck.bind(timed) as unknown as (ev: E, payload: Input<E>) => Promise<unknown>;
  let raw: unknown;
  try {
    raw = await emit(event, input);
  } catch {
    throw new MediaError('timeout', `no answer to ${event}`);
  }
  const answer = ackSchema(REQUESTS[event].ack).safeParse(raw);
  if (!answer.success) throw new MediaError('internal', `unexpected answer to ${event}`);
  if (answer.data.ok) return answer.data.data as Output<E>;
  const { error } = answer.data;
  throw new MediaError(error.code, error.message, error.details ?? {});
}
