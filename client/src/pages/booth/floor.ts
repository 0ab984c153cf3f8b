import { useEffect, useRef, useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import { getSocket } from '../../api/socket';
import { openMedia, type Feed, type Listening, type MediaSession, type MediaState, type Viewer } from '../../media';

export interface Floor {
  media: MediaState | 'starting' | undefined;
  session: MediaSession | undefined;
  feeds: Feed[];
  listening: Listening | undefined;
  error: unknown;
  /** Hear another language channel instead of the floor (relay), or the floor again. */
  relay(lang: Lang | null): void;
}

/**
 * What a booth hears and sees: the session's media with the least receive delay, the speakers'
 * cameras and screen, and the floor's sound or (relay) another language channel. Opens while
 * `enabled` (the session is live and the caller works here).
 */
export function useFloor(sessionId: string, enabled: boolean): Floor {
  const [media, setMedia] = useState<Floor['media']>(undefined);
  const [session, setSession] = useState<MediaSession | undefined>(undefined);
  const [feeds, setFeeds] = useState<Feed[]>([]);
  const [listening, setListening] = useState<Listening | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const viewer = useRef<Viewer | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    let closed = false;
    let opened: MediaSession | undefined;
    const offs: (() => void)[] = [];
    setMedia('starting');
    setError(undefined);
    void (async () => {
      try {
        const s = await openMedia(getSocket(), sessionId);
        opened = s;
        if (closed) return s.close();
        const v = await s.watch({ lowLatency: true });
        if (closed) return s.close();
        viewer.current = v;
        setSession(s);
        setFeeds(v.feeds);
        setListening(v.listening);
        setMedia(s.state);
        offs.push(v.on('feeds', setFeeds), v.on('listening', setListening), s.on('state', setMedia), v.on('error', setError));
      } catch (e) {
        if (!closed) setError(e);
      }
    })();
    return () => {
      closed = true;
      for (const off of offs) off();
      viewer.current?.close();
      viewer.current = undefined;
      opened?.close();
      setSession(undefined);
      setFeeds([]);
      setMedia(undefined);
    };
  }, [sessionId, enabled]);

  return {
    media,
    session,
    feeds,
    listening,
    error,
    relay(lang) {
      viewer.current?.listen({ channel: lang }).catch((e: unknown) => setError(e));
    },
  };
}
