import type { Socket } from 'socket.io-client';
import type { Ack } from '../../../common/ack';
import type { ErrorCode } from '../../../common/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/events';
import type { StreamClientEvents } from '../../../common/stream.contract';

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

type Req = keyof StreamClientEvents;
type Input<E extends Req> = Parameters<StreamClientEvents[E]>[0];
type Output<E extends Req> = Parameters<Parameters<StreamClientEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** How long a signaling request waits for its ack. */
export const REQUEST_TIMEOUT_MS = 8000;

/** Sends one `stream:*` request and unwraps its Ack, throwing {@link MediaError} on refusal. */
export async function request<E extends Req>(socket: MediaSocket, event: E, input: Input<E>): Promise<Output<E>> {
  // socket.io's generic emitWithAck cannot be typed per event from a union; the contract above is.
  const emit = socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck as unknown as (ev: E, payload: Input<E>) => Promise<Ack<Output<E>>>;
  let answer: Ack<Output<E>>;
  try {
    answer = await emit.call(socket, event, input);
  } catch {
    throw new MediaError('timeout', `no answer to ${event}`);
  }
  if (answer.ok) return answer.data;
  throw new MediaError(answer.error.code, answer.error.message, answer.error.details ?? {});
}
