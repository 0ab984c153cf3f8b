/**
 * Freezes what a compilation is made from. The API process (which owns the database)
 * gathers the facts from the agenda, Q&A, attendance and recommendations into one JSON
 * document stored with the revision; workers render from that document alone, so a
 * retry, another worker or a re-run months later produce the same text.
 */
import { createHash } from 'node:crypto';
import type { ForumView, SessionView } from '../../common/agenda.contract';
import type { SessionCompileInput } from '../../common/jobs';
import type { AgendaService } from '../agenda/agenda.service';
import type { Db } from '../db';
import type { RolesService } from '../people/roles.service';
import type { QaService } from '../qa/qa.service';
import type { SessionsService } from '../sessions/sessions.service';
import { forCompile } from './recs.repo';

type SessionContent = Omit<SessionCompileInput, 'kind' | 'revision' | 'inputHash'>;

/**
 * An input ready to store: its hash (over everything but the revision number) and its
 * text for a given revision. The JSON is made once; big inputs are never re-serialized.
 */
export interface Frozen {
  hash: string;
  text(revision: number): string;
}

function freeze(kind: 'session' | 'forum', body: string): Frozen {
  const hash = createHash('sha256').update(kind).update(body).digest('hex');
  // body is a JSON object; the input is the same object with kind, revision and hash in front.
  return { hash, text: (revision) => `{"kind":"${kind}","revision":${revision},"inputHash":"${hash}",${body.slice(1)}` };
}

export interface InputSources {
  db: Db;
  agenda: AgendaService;
  qa: Pick<QaService, 'exportForCompile'>;
  sessions: Pick<SessionsService, 'attendance'>;
  roles: RolesService;
  similarityThreshold: number;
}

const iso = (d: string | Date) => new Date(d).toISOString();
// Building a big input takes several slices of work; yielding between them keeps the API responsive.
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The questions a compilation uses: answered ones (the most supported are listed) and
 * those recommendations came from (their votes count as support). The rest would only
 * make every stored revision larger; the session's question counts come separately.
 */
export function questionsForCompile<Q extends { id: string; status: string }>(questions: readonly Q[], recommendations: readonly { sourceQuestionId: string | null }[]): Q[] {
  const sources = new Set(recommendations.flatMap((r) => (r.sourceQuestionId ? [r.sourceQuestionId] : [])));
  return questions.filter((q) => q.status === 'answered' || sources.has(q.id));
}

function forumFacts(f: ForumView): SessionCompileInput['forum'] {
  return { id: f.id, slug: f.slug, title: f.title, languages: f.languages, timeZone: f.timeZone };
}

export async function sessionInput(src: InputSources, s: SessionView): Promise<Frozen> {
  const agenda = await src.agenda.agenda(s.forumId);
  const platform = agenda.platforms.find((p) => p.id === s.platformId);
  const lang = agenda.forum.languages[0]!;
  const [qa, attendance, moderators, recommendations] = await Promise.all([
    src.qa.exportForCompile(s.id),
    src.sessions.attendance(s.id),
    src.roles.holders({ forumId: s.forumId, sessionId: s.id }, 'moderator'),
    forCompile(src.db, s.id),
  ]);
  await yieldToLoop();
  const questions = questionsForCompile(qa.questions, recommendations).map((q) => ({
    id: q.id,
    text: q.text,
    lang: q.lang,
    authorName: q.authorName,
    votes: q.votes,
    status: q.status,
    createdAt: iso(q.createdAt),
    answeredAt: q.answeredAt === null ? null : iso(q.answeredAt),
  }));
  await yieldToLoop();
  const content: SessionContent = {
    similarityThreshold: src.similarityThreshold,
    forum: forumFacts(agenda.forum),
    session: {
      id: s.id,
      title: s.title,
      platform: platform?.title ?? {},
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      speakers: s.speakers.map((sp) => {
        const aff = sp.affiliation && (sp.affiliation[lang] ?? sp.affiliation.ru ?? sp.affiliation.kk ?? sp.affiliation.en);
        return aff ? `${sp.name} (${aff})` : sp.name;
      }),
      moderators: moderators.map((m) => m.displayName),
    },
    attendance: { peak: attendance.peak, uniqueViewers: attendance.uniqueViewers },
    questionCounts: qa.counts,
    questions,
    recommendations,
  };
  return freeze('session', JSON.stringify(content));
}

/**
 * The forum-wide input embeds each session's compilation as stored (its JSON artifact,
 * verbatim): the API never parses them, the worker validates them.
 */
export function forumInput(src: InputSources, forum: ForumView, sessionJson: string[]): Frozen {
  const head = JSON.stringify({ similarityThreshold: src.similarityThreshold, forum: forumFacts(forum) });
  return freeze('forum', `${head.slice(0, -1)},"sessions":[${sessionJson.map((j) => j.trim()).join(',')}]}`);
}
