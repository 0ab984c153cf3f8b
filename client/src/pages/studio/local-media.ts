import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** The camera or microphone could not be opened (denied, missing, busy) or the browser has none. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(
    readonly code: 'device' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

export interface Devices {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

export interface LocalPreview {
  devices: Devices;
  camera: MediaStreamTrack | undefined;
  mic: MediaStreamTrack | undefined;
  error: unknown;
}

/**
 * The speaker's camera and microphone before going on air, for the preview and the level
 * meter. Opens the chosen devices while `enabled`, and releases them otherwise (the
 * publisher opens its own when the broadcast starts), so the camera light tells the truth.
 */
export function useLocalPreview(enabled: boolean, cameraId: string | undefined, micId: string | undefined, wantCamera: boolean, wantMic: boolean): LocalPreview {
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [camera, setCamera] = useState<MediaStreamTrack | undefined>(undefined);
  const [mic, setMic] = useState<MediaStreamTrack | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const tracks = useRef<MediaStreamTrack[]>([]);

  const refreshDevices = useCallback(async () => {
    const list = await navigator.mediaDevices.enumerateDevices();
    setDevices({ cameras: list.filter((d) => d.kind === 'videoinput'), mics: list.filter((d) => d.kind === 'audioinput') });
  }, []);

  useEffect(() => {
    if (!navigator.mediaDevices) return;
    navigator.mediaDevices.addEventListener('devicechange', refreshDevices);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refreshDevices);
  }, [refreshDevices]);

  useEffect(() => {
    if (!enabled || (!wantCamera && !wantMic)) return;
    let alive = true;
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DeviceError('unsupported', 'no media devices');
        const stream = await navigator.mediaDevices.getUserMedia({
          video: wantCamera ? { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } } : false,
          audio: wantMic ? { ...(micId ? { deviceId: { exact: micId } } : {}), echoCancellation: true, noiseSuppression: true } : false,
        });
        if (!alive) {
          for (const tr of stream.getTracks()) tr.stop();
          return;
        }
        tracks.current = stream.getTracks();
        setCamera(stream.getVideoTracks()[0]);
        setMic(stream.getAudioTracks()[0]);
        setError(undefined);
        // Device names are readable only once access was granted.
        await refreshDevices();
      } catch (e) {
        if (alive) setError(e instanceof DeviceError ? e : new DeviceError('device', e instanceof Error ? e.message : String(e)));
      }
    })();
    return () => {
      alive = false;
      for (const tr of tracks.current) tr.stop();
      tracks.current = [];
      setCamera(undefined);
      setMic(undefined);
    };
  }, [enabled, cameraId, micId, wantCamera, wantMic, refreshDevices]);

  return { devices, camera, mic, error };
}

/** Microphone loudness 0–1, sampled a few times a second (a meter, so "am I heard?" has an answer). */
export function useLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') return;
    const ctx = new AudioContext();
    const src = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    src.connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    const id = setInterval(() => {
      analyser.getByteTimeDomainData(buf);
      let peak = 0;
      for (const v of buf) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(Math.min(1, peak / 64));
    }, 150);
    return () => {
      clearInterval(id);
      void ctx.close();
    };
  }, [track]);
  return level;
}
