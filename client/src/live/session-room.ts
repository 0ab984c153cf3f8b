import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../../../common/agenda.contract';
import { SessionJoined } from '../../../common/sessions.contract';
import { ack, getSocket, whileConnected, ACK_TIMEOUT_MS } from '../api/socket';

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
    const onViewers = (p: { sessionId: string; viewers: number }) => p.sessionId === sessionId && setRoom((r) => ({ ...r, viewers: p.viewers }));
    const onState = (p: { sessionId: string; state: SessionState }) => p.sessionId === sessionId && setRoom((r) => ({ ...r, state: p.state }));
    socket.on('session:viewers', onViewers);
    socket.on('session:state', onState);
    // A recovered connection kept its rooms and got the missed events replayed.
    const stop = whileConnected((_s, why) => {
      if (why !== 'recovered') join();
    });
    return () => {
      alive = false;
      stop();
      socket.off('session:viewers', onViewers);
      socket.off('session:state', onState);
      if (socket.connected) socket.emit('session:leave', { sessionId }, () => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId]);
  return room;
}
