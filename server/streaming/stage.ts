/**
 * Publishing by someone who was given the floor (issue 12): not a speaker, so the right comes
 * from a grant the floor domain holds in PostgreSQL, bound to the person, the session and the
 * turn. The streaming service asks for it on every send transport and every track; the floor
 * registers how to read it (`use`) because it is built after streaming.
 */
export interface StageGrant {
  /** The turn (request) the right belongs to. */
  requestId: string;
  /** On stage (everyone receives the tracks); otherwise the green room (moderators only). */
  onAir: boolean;
  /** Muted by a moderator: tracks are made paused. */
  muted: boolean;
}

export type GrantLookup = (sessionId: string, personId: string) => Promise<StageGrant | undefined>;

export class Stage {
  #lookup: GrantLookup | undefined;

  /** Registers the floor's grant reader (once). */
  use(lookup: GrantLookup): void {
    this.#lookup = lookup;
  }

  /** The person's grant in the session now; none when no floor is wired in. */
  async grant(sessionId: string, personId: string): Promise<StageGrant | undefined> {
    return this.#lookup?.(sessionId, personId);
  }
}
