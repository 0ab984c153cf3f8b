/**
 * The setup of the signaling tests (streams, floor, interpretation, captions): one app for the
 * file, and sockets that live for one test only, so no test hears another's events.
 */
import { afterEach, expect } from 'vitest';
import { withTestApp, type TestApp } from '../helpers/app';
import { ask, connectSocket, type TestSocket } from './streaming-fixtures';

export interface SignalingHarness {
  /** The app (started in the file's beforeAll). */
  app: () => TestApp;
  /** A socket carrying the person's cookies, joined to `sessionId` when given (the join must succeed). */
  socketOf: (who: { cookieHeader: string }, sessionId?: string) => Promise<TestSocket>;
  /** Keeps a socket (to any app) to disconnect after the test. */
  track: (s: TestSocket) => TestSocket;
}

/** Starts the app (with `env`) before the file's tests and stops it after them; sockets close after each test. */
export function withSignalingApp(env: Record<string, string> = {}): SignalingHarness {
  const { app } = withTestApp(env);
  const open: TestSocket[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  const track = (s: TestSocket) => (open.push(s), s);
  return {
    app,
    track,
    socketOf: async (who, sessionId) => {
      const s = track(await connectSocket(app().url, who.cookieHeader));
      if (sessionId !== undefined) expect((await ask(s, 'session:join', { sessionId })).ok).toBe(true);
      return s;
    },
  };
}
