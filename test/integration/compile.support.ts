/**
 * What a test of a session's compiled documents needs: an app with a compile worker process of
 * its own for the file's tests, and a way to end a session and get the finished revision's files.
 */
import { afterAll, beforeAll } from 'vitest';
import type { CompileRevisionView } from '../../common/recs.contract';
import { withTestApp, type AppHarness } from '../helpers/app';
import type { ForumFixture } from '../helpers/factories';
import { connect, next, ok } from './qa.support';
import { startWorker, type WorkerProcess } from './recs.support';

export type CompileHarness = AppHarness;

/**
 * Starts the app (with `env`; the worker takes its lock time from it) and a separate compile
 * worker before the file's tests, and stops both after (the worker first: after hooks run in
 * reverse order).
 */
export function withCompileWorker(env: Record<string, string> = {}): CompileHarness {
  const harness = withTestApp({ COMPILE_WORKERS_INPROCESS: 'false', ...env });
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    worker = await startWorker(harness.app());
  });
  afterAll(async () => {
    await worker?.kill();
  });
  return harness;
}

/**
 * Ends the live session as its organizer, waits for the compilation the end requests, and returns
 * a download of the finished revision in a format (`pdf`, `docx`, `md`, `csv`, `json`).
 */
export async function endAndCompile(harness: CompileHarness, fx: ForumFixture, sessionId: string) {
  const org = harness.track(await connect(harness.app().url, fx.org));
  await ok(org, 'recs:watchCompiles', { forumId: fx.forum.id });
  const done = next(org, 'recs:compileProgress', (p) => p.sessionId === sessionId && p.state === 'completed', 60_000);
  await fx.org.post(`/api/sessions/${sessionId}/end`);
  await done;
  const [v] = (await fx.org.get(`/api/sessions/${sessionId}/compilations`)).data as CompileRevisionView[];
  const download = (format: string) => fx.org.get(`/api/sessions/${sessionId}/compilations/${v!.revision}/${format}`);
  const get = async (format: string) => (await download(format)).data as Buffer;
  return { download, get };
}
