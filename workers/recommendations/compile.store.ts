import type { Artifact, ClaimedInput, CompileStore, TrackerSeed } from '../../common/jobs';
import type { Db } from '../../platform/db';
import * as repo from './compile-results.repo';

/**
 * The compile store over a database: what a standalone worker uses against PostgreSQL,
 * and what the API process serves to its own worker over IPC on the embedded store.
 */
export class DbCompileStore implements CompileStore {
  constructor(
    private readonly db: Db,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async claim(inputId: string): Promise<ClaimedInput | undefined> {
    const r = await this.db.tx((q) => repo.claim(q, inputId));
    return r && { status: r.status, input: r.input };
  }

  /**
   * Every artifact, the tracker refresh and the move to 'done' commit together: a worker
   * killed before this leaves nothing behind, and a second worker finishing the same
   * revision (after a stall) changes nothing.
   */
  async complete(inputId: string, artifacts: Artifact[], tracker: TrackerSeed[] | null): Promise<void> {
    await this.db.tx(async (q) => {
      const r = await repo.claim(q, inputId);
      if (!r || r.status === 'done') return;
      await repo.insertArtifacts(q, inputId, artifacts);
      if (tracker) await repo.syncTracker(q, { revisionId: inputId, forumId: r.forum_id, revision: r.revision }, tracker);
      await repo.markDone(q, inputId);
    });
  }

  async fail(inputId: string, reason: string): Promise<void> {
    await repo.markFailed(this.db, inputId, reason);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
