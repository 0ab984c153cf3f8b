/** Contract for recommendations and compile progress. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecsClientEvents {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecsServerEvents {}
