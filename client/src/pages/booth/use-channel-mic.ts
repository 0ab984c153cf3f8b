import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import type { ChannelMic, MediaSession } from '../../media';

export interface BoothMic {
  mic: ChannelMic | undefined;
  /** The colleague who took the channel from this interpreter, until the next switch. */
  handedTo: string | null | undefined;
  error: unknown;
  busy: boolean;
  toggleAir(): Promise<void>;
}

/**
 * The interpreter's microphone in `lang` on the booth's media session: published off air as soon
 * as the booth is connected, so the on-air switch takes effect at once.
 */
export function useChannelMic(session: MediaSession | undefined, lang: Lang | undefined, micId: string | undefined): BoothMic {
  const [mic, setMic] = useState<ChannelMic | undefined>(undefined);
  const [, setTick] = useState(0);
  const [handedTo, setHandedTo] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!session || !lang) return;
    let closed = false;
    let made: ChannelMic | undefined;
    const offs: (() => void)[] = [];
    setError(undefined);
    session.interpret({ lang, ...(micId ? { deviceId: micId } : {}) }).then(
      (m) => {
        made = m;
        if (closed) return m.stop();
        setMic(m);
        offs.push(
          m.on('change', () => setTick((n) => n + 1)),
          m.on('handedOver', (to) => setHandedTo(to.displayName)),
          m.on('error', setError),
        );
      },
      (e: unknown) => !closed && setError(e),
    );
    return () => {
      closed = true;
      for (const off of offs) off();
      made?.stop();
      setMic(undefined);
    };
    // A new microphone is switched in place (see switchDevice); only the session or language re-publishes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, lang]);

  useEffect(() => {
    if (mic && micId && mic.track.getSettings().deviceId !== micId) mic.switchDevice(micId).catch((e: unknown) => setError(e));
  }, [mic, micId]);

  return {
    mic,
    handedTo,
    error,
    busy,
    async toggleAir() {
      if (!mic) return;
      setBusy(true);
      setError(undefined);
      setHandedTo(undefined);
      try {
        await mic.setOnAir(!mic.onAir);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
  };
}
