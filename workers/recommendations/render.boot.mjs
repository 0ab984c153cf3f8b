// Worker threads start without the parent's TypeScript loader (tsx does not carry over
// into threads on Node 20): register it here, then load the thread's real module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
