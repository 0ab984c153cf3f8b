/**
 * A process that owns a render pool and stays busy with it, for the test that kills this
 * process with SIGKILL: it prints its render process's pid, then renders until killed.
 */
import { generatedSession } from '../../bench/compile-data';
import { RenderPool } from '../../workers/recommendations/render.runner';

const pool = new RenderPool();
const input = JSON.stringify(generatedSession(2000, 400, 1));
void pool.render(input, () => undefined);
const timer = setInterval(() => {
  const [pid] = pool.pids;
  if (pid === undefined) return;
  clearInterval(timer);
  process.stdout.write(`render-pid ${pid}\n`);
}, 20);
