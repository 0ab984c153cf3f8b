/** Contract for live session rooms (join/leave, presence, viewer counts). */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionClientEvents {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionServerEvents {}
