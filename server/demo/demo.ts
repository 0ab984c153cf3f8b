import type { Core } from '../core';
import type { Services } from '../modules';
/** Loads the demo forum (idempotent). */
export async function loadDemo(core: Core, services: Services): Promise<void> {
  throw new Error('demo data not written yet');
}
