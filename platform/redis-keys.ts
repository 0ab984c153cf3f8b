/**
 * Redis names shared by the server and the workers. The Socket.IO stream is both the
 * cluster bus (the streams adapter) and the replay log for connection-state recovery; anyone
 * who appends to it (a worker's emitter) trims it to the same length, or they would shrink
 * every reconnecting client's recovery window.
 */
export const socketIoStream = (prefix: string) => ({
  name: `${prefix}:socket.io`,
  sessionKeyPrefix: `${prefix}:sio:session:`,
  // Well over the 2-minute recovery window even with a dozen busy parallel sessions.
  maxLen: 100_000,
});
export type SocketIoStream = ReturnType<typeof socketIoStream>;
