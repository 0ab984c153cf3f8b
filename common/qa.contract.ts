/** Contract for live questions and answers. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QaClientEvents {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QaServerEvents {}
