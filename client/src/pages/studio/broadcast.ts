import { useEffect, useRef, useState } from 'preact/hooks';
import { getSocket } from '../../api/socket';
import type { MediaSource } from '../../../../common/stream.contract';
import { publish, type MediaSession, type MediaState, type Publisher } from '../../media';

export interface Broadcast {
  phase: 'off' | 'starting' | 'on';
  media: MediaState | undefined;
  error: unknown;
  camera: MediaStreamTrack | undefined;
  mic: MediaStreamTrack | undefined;
  screen: MediaStreamTrack | undefined;
  muted: ReadonlySet<MediaSource>;
  start(opts: { camera: boolean; mic: boolean; cameraId?: string | undefined; micId?: string | undefined }): Promise<void>;
  stop(): void;
  toggleMute(source: MediaSource): Promise<void>;
  switchDevice(source: 'camera' | 'mic', id: string): Promise<void>;
  toggleScreen(): Promise<void>;
}

/**
 * The speaker's broadcast, on the media module's publisher: start, stop, mute, switch
 * devices, share the screen. Reconnects are the publisher's business; this follows its state.
 */
export function useBroadcast(sessionId: string): Broadcast {
  const [phase, setPhase] = useState<Broadcast['phase']>('off');
  const [media, setMedia] = useState<MediaState | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [, setTick] = useState(0);
  const pub = useRef<{ session: MediaSession; publisher: Publisher; offs: (() => void)[] } | undefined>(undefined);
  const refresh = () => setTick((n) => n + 1);

  const stop = () => {
    const p = pub.current;
    pub.current = undefined;
    if (p) {
      for (const off of p.offs) off();
      p.publisher.stop();
      p.session.close();
    }
    setPhase('off');
    setMedia(undefined);
  };
  useEffect(() => stop, [sessionId]);

  const guard = async (fn: () => Promise<void>) => {
    try {
      setError(undefined);
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      refresh();
    }
  };

  const p = pub.current?.publisher;
  return {
    phase,
    media,
    error,
    camera: p?.track('camera'),
    mic: p?.track('mic'),
    screen: p?.track('screen'),
    muted: new Set((['camera', 'mic', 'screen'] as const).filter((s) => p?.isMuted(s))),
    async start(opts) {
      setPhase('starting');
      setError(undefined);
      try {
        const w = await publish(getSocket(), sessionId, {
          camera: opts.camera,
          mic: opts.mic,
          deviceIds: { ...(opts.cameraId ? { camera: opts.cameraId } : {}), ...(opts.micId ? { mic: opts.micId } : {}) },
        });
        pub.current = {
          ...w,
          offs: [w.session.on('state', setMedia), w.session.on('closed', () => stop()), w.publisher.on('ended', refresh), w.publisher.on('error', (_s, e) => setError(e))],
        };
        setMedia(w.session.state);
        setPhase('on');
      } catch (e) {
        setError(e);
        setPhase('off');
      }
    },
    stop,
    toggleMute: (source) => guard(async () => {
      if (!p) return;
      if (p.isMuted(source)) await p.unmute(source);
      else await p.mute(source);
    }),
    switchDevice: (source, id) => guard(async () => {
      await p?.switchDevice(source, id);
    }),
    toggleScreen: () => guard(async () => {
      if (!p) return;
      if (p.track('screen')) p.stop('screen');
      else await p.startScreen();
    }),
  };
}
