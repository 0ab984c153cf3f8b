import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../../../common/agenda.contract';
import { SESSION_SERVER_EVENTS, SessionJoined } from '../../../common/sessions.contract';
import { onPush } from '../api/push';
import { ack, getSocket, whileConnected, ACK_TIMEOUT_MS } from '../api/socket';
import { onFramePart } from './frames';

export interface RoomState {
  joined: SessionJoined | undefined;
  viewers: number | undefined;
  state: SessionState | undefined;
  error: unknown;
}

/**
 * Membership of a session's room: joins now and after every reconnect that lost the
 * room, follows the viewer count and lifecycle, and leaves on unmount.
 */
export function useSessionRoom(sessionId: string, onJoined?: (j: SessionJoined) => void): RoomState {
  const [room, setRoom] = useState<RoomState>({ joined: undefined, viewers: undefined, state: undefined, error: undefined });
  useEffect(() => {
    const socket = getSocket();
    let alive = true;
    const join = () => {
      ack(socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session:join', { sessionId }), SessionJoined).then(
        (j) => {
          if (!alive) return;
          setRoom({ joined: j, viewers: j.viewers, state: j.session.state, error: undefined });
          onJoined?.(j);
        },
        (error: unknown) => alive && setRoom((r) => ({ ...r, error })),
      );
    };
    // Counts carry a sequence number: one from an older leader process must not undo a newer one.
    let seq = 0;
    const offViewers = onFramePart('viewers', sessionId, (v) => {
      if (v.seq <= seq) return;
      seq = v.seq;
      setRoom((r) => ({ ...r, viewers: v.count }));
    });
    const offState = onPush(socket, SESSION_SERVER_EVENTS, 'session:state', (p) => p.sessionId === sessionId && setRoom((r) => ({ ...r, state: p.state })));
    // A recovered connection kept its rooms and got the missed events replayed.
    const stop = whileConnected((_s, why) => {
      if (why !== 'recovered') join();
    });
    return () => {
      alive = false;
      stop();
      offViewers();
      offState();
      if (socket.connected) socket.emit('session:leave', { sessionId }, () => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId]);
  return room;
}
