/** Helpers for the poll tests: a prepared poll, and each socket's view of the results from the live frames. */
import type { PollDefinition, PollResults } from '../../common/polls.contract';
import { citizen } from '../helpers/factories';
import type { TestApp } from '../helpers/app';
import { eventually } from '../helpers/wait-for';
import { joined, ok, onFrames, type QaSocket } from './qa.support';

export const QUESTION = { kk: 'Қай шара сіздің өңіріңіз үшін маңызды?', ru: 'Какая мера важнее для вашего региона?', en: 'Which measure matters most to your region?' };
export const OPTIONS = [
  { kk: 'Ашық бюджет', ru: 'Открытый бюджет', en: 'Open budget' },
  { kk: 'Қоғамдық кеңестер', ru: 'Общественные советы', en: 'Public councils' },
  { kk: 'Электрондық петициялар', ru: 'Электронные петиции', en: 'E-petitions' },
];

/** A choice poll created and opened by the moderator socket. */
export async function openPoll(mod: QaSocket, sessionId: string, o: { kind?: 'single' | 'multiple' | 'scale'; hideResults?: boolean } = {}): Promise<PollDefinition> {
  const kind = o.kind ?? 'single';
  const draft = await ok(mod, 'poll:create', { sessionId, kind, question: QUESTION, options: kind === 'scale' ? [] : OPTIONS, hideResults: o.hideResults ?? false });
  return ok(mod, 'poll:open', { pollId: draft.id });
}

/** Keeps, per poll, the reading with the highest seq the socket received (counts win a tie), as the contract says. */
export function follow(s: QaSocket): Map<string, PollResults> {
  const latest = new Map<string, PollResults>();
  onFrames(s, (f) => {
    for (const r of f.polls?.results ?? []) {
      const had = latest.get(r.pollId);
      if (!had || r.seq > had.seq || (r.seq === had.seq && had.counts === null && r.counts !== null)) latest.set(r.pollId, r);
    }
  });
  return latest;
}

/** Citizens in the session's room, each with their own identity. */
export async function citizens(app: TestApp, sessionId: string, n: number): Promise<QaSocket[]> {
  const out: QaSocket[] = [];
  // A few at a time: the machine is shared.
  for (let i = 0; i < n; i += 10) out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, async () => joined(app, sessionId, await citizen(app))))));
  return out;
}

/** Waits until every socket's latest reading of the poll satisfies `fn`. */
export function allSee(views: Map<string, PollResults>[], pollId: string, fn: (r: PollResults) => boolean, ms = 10_000): Promise<true> {
  return eventually(async () => views.every((v) => {
    const r = v.get(pollId);
    return r !== undefined && fn(r);
  }) || undefined, ms);
}
