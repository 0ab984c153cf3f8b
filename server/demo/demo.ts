import type { Core } from '../core';
/** Loads the demo forum (idempotent). */
export async function loadDemo(core: Core): Promise<void> {
  throw new Error('demo data not written yet');
}
