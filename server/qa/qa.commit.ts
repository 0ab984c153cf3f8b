import type { Queryable } from '../../platform/db';
import { isPublic, type Question } from './qa.model';
import { plan, type Change, type Plan } from './qa.plan';
import * as repo from './qa.repo';
import type { QaSessionRow } from './qa.repo';

export interface Outcome {
  changes: Change[];
  /** New spotlight; undefined leaves it as it is. */
  spotlight?: string | null;
  /** New pre-moderation setting; undefined leaves it as it is. */
  premoderation?: boolean;
}

export interface Committed {
  plan: Plan;
  /** Versions before this change; the broadcaster numbers events from here. */
  publicFrom: number;
  queueFrom: number;
  spotlight: { before: string | null; after: string | null };
  premoderation: { before: boolean; after: boolean };
}

/**
 * The last step of every Q&A write, inside its transaction (the session row already
 * locked): works out the events, reserves their version numbers and stores the session's
 * spotlight and pre-moderation. A question that leaves the public list takes the spotlight with it.
 */
export async function commit(q: Queryable, st: QaSessionRow, out: Outcome): Promise<Committed> {
  const afterById = new Map(out.changes.map((c) => [c.after.id, c.after]));
  let spotlight = out.spotlight === undefined ? st.spotlight_id : out.spotlight;
  let spotlit: Question | undefined;
  if (spotlight) {
    spotlit = afterById.get(spotlight) ?? (spotlight !== st.spotlight_id ? await repo.findQuestion(q, spotlight) : undefined);
    if (afterById.has(spotlight) && !isPublic(spotlit!.status)) spotlight = null;
  }
  const premoderation = out.premoderation ?? st.premoderation;
  const p = plan(out.changes, {
    spotlightBefore: st.spotlight_id,
    spotlightAfter: spotlight,
    spotlit: spotlight ? (spotlit ?? null) : null,
    premoderationBefore: st.premoderation,
    premoderationAfter: premoderation,
  });
  if (p.public.length || p.queue.length || spotlight !== st.spotlight_id || premoderation !== st.premoderation) {
    await repo.updateQaSession(q, st.session_id, { publicEvents: p.public.length, queueEvents: p.queue.length, spotlightId: spotlight, premoderation });
  }
  return {
    plan: p,
    publicFrom: st.version,
    queueFrom: st.queue_version,
    spotlight: { before: st.spotlight_id, after: spotlight },
    premoderation: { before: st.premoderation, after: premoderation },
  };
}
