/** Contract for media signaling (mediasoup). */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StreamClientEvents {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StreamServerEvents {}
