/**
 * Socket.IO room names, in one place so the server's domains and the workers (which emit to
 * rooms through the Redis stream) agree.
 */
export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  /** Moderators (and organizers) of a session: pending questions, flags, audit. */
  moderators: (sessionId: string) => `session:${sessionId}:mod`,
  speakers: (sessionId: string) => `session:${sessionId}:speakers`,
  forumOrganizers: (forumId: string) => `forum:${forumId}:org`,
  person: (actorId: string) => `person:${actorId}`,
  /** Every socket opened with one sign-in session (by the hash of its token), so a logout reaches them all. */
  signIn: (authSession: string) => `signin:${authSession}`,
};
