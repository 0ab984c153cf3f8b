import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Devices {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

export interface LocalMedia {
  devices: Devices;
  cameraId: string | undefined;
  micId: string | undefined;
  camera: MediaStreamTrack | undefined;
  mic: MediaStreamTrack | undefined;
  screen: MediaStreamTrack | undefined;
  error: unknown;
  setCameraId(id: string): void;
  setMicId(id: string): void;
  startScreen(): Promise<void>;
  stopScreen(): void;
}

/**
 * The speaker's own camera, microphone and screen. Changing a device replaces only that
 * track; tracks are stopped when the page closes so the camera light goes out.
 */
export function useLocalMedia(): LocalMedia {
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [cameraId, setCameraId] = useState<string | undefined>(undefined);
  const [micId, setMicId] = useState<string | undefined>(undefined);
  const [camera, setCamera] = useState<MediaStreamTrack | undefined>(undefined);
  const [mic, setMic] = useState<MediaStreamTrack | undefined>(undefined);
  const [screen, setScreen] = useState<MediaStreamTrack | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const live = useRef<MediaStreamTrack[]>([]);

  const refreshDevices = useCallback(async () => {
    const list = await navigator.mediaDevices.enumerateDevices();
    setDevices({ cameras: list.filter((d) => d.kind === 'videoinput'), mics: list.filter((d) => d.kind === 'audioinput') });
  }, []);

  const open = useCallback(async (kind: 'video' | 'audio', deviceId: string | undefined) => {
    const constraints: MediaStreamConstraints =
      kind === 'video'
        ? { video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } }
        : { audio: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: true, noiseSuppression: true, autoGainControl: true } };
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
    if (track) live.current.push(track);
    return track;
  }, []);

  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('unsupported');
        const [v, a] = await Promise.all([open('video', undefined), open('audio', undefined)]);
        if (!alive) return;
        setCamera(v);
        setMic(a);
        setCameraId(v?.getSettings().deviceId);
        setMicId(a?.getSettings().deviceId);
        // Labels are only readable after permission was granted.
        await refreshDevices();
      } catch (e) {
        if (alive) setError(e);
      }
    })();
    navigator.mediaDevices?.addEventListener('devicechange', refreshDevices);
    return () => {
      alive = false;
      navigator.mediaDevices?.removeEventListener('devicechange', refreshDevices);
      for (const tr of live.current) tr.stop();
    };
  }, [open, refreshDevices]);

  const switchTo = async (kind: 'video' | 'audio', id: string) => {
    try {
      const next = await open(kind, id);
      if (kind === 'video') {
        camera?.stop();
        setCamera(next);
        setCameraId(id);
      } else {
        mic?.stop();
        setMic(next);
        setMicId(id);
      }
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };

  const startScreen = async () => {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    live.current.push(track);
    // The browser's own "Stop sharing" bar ends the track; follow it.
    track.addEventListener('ended', () => setScreen((s) => (s === track ? undefined : s)));
    setScreen(track);
  };
  const stopScreen = () => {
    screen?.stop();
    setScreen(undefined);
  };

  return {
    devices,
    cameraId,
    micId,
    camera,
    mic,
    screen,
    error,
    setCameraId: (id) => void switchTo('video', id),
    setMicId: (id) => void switchTo('audio', id),
    startScreen,
    stopScreen,
  };
}
