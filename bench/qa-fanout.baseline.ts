/**
 * The baseline of bench:qa-fanout: a bare Socket.IO server (the same socket.io as the app, its
 * default in-memory adapter, no database, no Redis, no checks) that serves the load
 * generator's Q&A calls from memory and broadcasts one message per event, the way a plain
 * implementation would: an approval, an edit, a coalesced ranking update (same interval as
 * the app's RANKING_INTERVAL_MS default, so both send the same ranking events), a changed
 * viewer count. What it costs per delivery is the transport's own cost on this machine.
 *
 * Run: `node --import tsx bench/qa-fanout.baseline.ts --serve` with PORT (and RANKING_INTERVAL_MS,
 * VIEWER_COUNT_INTERVAL_MS) in the environment.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { QuestionView } from '../common/qa.contract';

/** The baseline's event names, one per kind of event. */
export const PLAIN = { approved: 'qa:questionApproved', updated: 'qa:questionUpdated', ranking: 'qa:ranking', viewers: 'session:viewers' } as const;

interface Room {
  version: number;
  questions: Map<string, QuestionView>;
  pending: Map<string, QuestionView>;
  voters: Set<string>;
  dirty: Set<string>;
  rankingTimer: NodeJS.Timeout | undefined;
  lastViewers: number;
}

type Reply = (r: { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }) => void;

function serve(port: number, rankingIntervalMs: number, viewerIntervalMs: number) {
  const http = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404).end();
  });
  const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });
  const sessions = new Map<string, Room>();
  const room = (id: string) => {
    let r = sessions.get(id);
    if (!r) sessions.set(id, (r = { version: 0, questions: new Map(), pending: new Map(), voters: new Set(), dirty: new Set(), rankingTimer: undefined, lastViewers: 0 }));
    return r;
  };
  const where = new Map<string, string>();
  const fail = (reply: Reply, message: string) => reply({ ok: false, error: { code: 'not_found', message } });

  io.on('connection', (socket: Socket) => {
    socket.on('session:join', ({ sessionId }: { sessionId: string }, reply: Reply) => {
      void socket.join(sessionId);
      reply({ ok: true, data: { viewers: io.of('/').adapter.rooms.get(sessionId)?.size ?? 0 } });
    });
    socket.on('qa:snapshot', ({ sessionId }: { sessionId: string }, reply: Reply) => {
      const r = room(sessionId);
      const approved = [...r.questions.values()].sort((a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
      reply({ ok: true, data: { sessionId, version: r.version, premoderation: true, approved, answered: [], spotlight: null, mine: [], myVotes: [] } });
    });
    socket.on('qa:ask', ({ sessionId, text, lang }: { sessionId: string; text: string; lang: QuestionView['lang'] }, reply: Reply) => {
      const q: QuestionView = { id: randomUUID(), sessionId, text, lang, authorName: null, status: 'approved', votes: 0, edited: false, createdAt: new Date().toISOString(), answeredAt: null, organization: null };
      room(sessionId).pending.set(q.id, q);
      where.set(q.id, sessionId);
      reply({ ok: true, data: q });
    });
    socket.on('qa:approve', ({ questionId }: { questionId: string }, reply: Reply) => {
      const sessionId = where.get(questionId);
      const r = sessionId && room(sessionId);
      const q = r && r.pending.get(questionId);
      if (!r || !q) return fail(reply, 'no such question');
      r.pending.delete(questionId);
      r.questions.set(questionId, q);
      io.to(sessionId).emit(PLAIN.approved, { sessionId, version: ++r.version, question: q });
      reply({ ok: true, data: q });
    });
    socket.on('qa:edit', ({ questionId, text }: { questionId: string; text: string }, reply: Reply) => {
      const sessionId = where.get(questionId);
      const r = sessionId && room(sessionId);
      const q = r && r.questions.get(questionId);
      if (!r || !q) return fail(reply, 'no such question');
      const edited = { ...q, text, edited: true };
      r.questions.set(questionId, edited);
      io.to(sessionId).emit(PLAIN.updated, { sessionId, version: ++r.version, question: edited });
      reply({ ok: true, data: edited });
    });
    socket.on('qa:vote', ({ questionId }: { questionId: string }, reply: Reply) => {
      const sessionId = where.get(questionId);
      const r = sessionId && room(sessionId);
      const q = r && r.questions.get(questionId);
      if (!r || !q) return fail(reply, 'no such question');
      const key = `${socket.id}:${questionId}`;
      if (!r.voters.has(key)) {
        r.voters.add(key);
        r.questions.set(questionId, { ...q, votes: q.votes + 1 });
        r.dirty.add(questionId);
        r.rankingTimer ??= setTimeout(() => {
          r.rankingTimer = undefined;
          const votes = [...r.dirty].map((id) => [id, r.questions.get(id)?.votes ?? 0]);
          r.dirty.clear();
          io.to(sessionId).emit(PLAIN.ranking, { sessionId, votes });
        }, rankingIntervalMs);
      }
      reply({ ok: true, data: { questionId, votes: r.questions.get(questionId)!.votes, voted: true } });
    });
  });

  setInterval(() => {
    for (const [sessionId, r] of sessions) {
      const n = io.of('/').adapter.rooms.get(sessionId)?.size ?? 0;
      if (n === r.lastViewers) continue;
      r.lastViewers = n;
      io.to(sessionId).emit(PLAIN.viewers, { sessionId, viewers: n });
    }
  }, viewerIntervalMs).unref();

  http.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => {
    void io.close();
    process.exit(0);
  });
}

if (process.argv.includes('--serve')) {
  const num = (v: string | undefined, d: number) => (v ? Number(v) : d);
  serve(num(process.env.PORT, 0), num(process.env.RANKING_INTERVAL_MS, 250), num(process.env.VIEWER_COUNT_INTERVAL_MS, 500));
}
