import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionHls } from '../../platform/media/hls-files';
import { LocalMediaStorage } from '../../platform/media/storage';

// A session's HLS files on a real directory. The store's writes can be held back, to see what
// a player would find on disk at the moment the service says the feed is playable.
const sessionId = '00000000-0000-4000-8000-00000000f001';
const variant = { width: 320, height: 180, videoKbps: 300, audioKbps: 64, floorName: 'Floor' };
const dirs: string[] = [];

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A local store whose writes of one file wait until `release()` is called. */
class HeldStorage extends LocalMediaStorage {
  #release: () => void = () => undefined;
  readonly #gate = new Promise<void>((r) => (this.#release = r));
  constructor(
    root: string,
    private readonly held: string,
  ) {
    super(root);
  }
  release() {
    this.#release();
  }
  override async write(sid: string, name: string, data: string | Uint8Array): Promise<void> {
    if (name === this.held) await this.#gate;
    return super.write(sid, name, data);
  }
}

async function store(held: string) {
  const root = await mkdtemp(path.join(tmpdir(), 'birge-hls-'));
  dirs.push(root);
  return new HeldStorage(root, held);
}

const segment = (index: number) => ({ rendition: 'main', file: `main-${String(index).padStart(5, '0')}.ts`, index, durationS: 2, startedAtMs: 1_700_000_000_000 + index * 2000, runningS: index * 2 });

describe("a session's HLS files", () => {
  it('says the live feed is playable only once its playlist on disk lists a segment', async () => {
    const storage = await store('main.m3u8');
    const hls = await SessionHls.open(storage, sessionId, variant, 2);
    expect(hls.playable()).toBe(false);

    const adding = hls.add(segment(1));
    // The segment is logged (its index is taken) while the playlist listing it is still being written.
    await expect.poll(async () => (await storage.read(sessionId, 'segments.jsonl'))?.toString('utf8') ?? '').toContain('main-00001.ts');
    expect(hls.nextIndex()).toBe(2);
    expect(await storage.read(sessionId, 'main.m3u8')).toBeUndefined();
    expect(hls.playable()).toBe(false);

    storage.release();
    await adding;
    expect(hls.playable()).toBe(true);
    expect(await readFile(storage.path(sessionId, 'main.m3u8')!, 'utf8')).toContain('\nmain-00001.ts\n');
    expect(hls.playable('kk')).toBe(false);
  });

  it('reopened after a restart, a session with listed segments is playable at once', async () => {
    const storage = await store('none');
    storage.release();
    const first = await SessionHls.open(storage, sessionId, variant, 2);
    await first.add(segment(1));
    const again = await SessionHls.open(storage, sessionId, variant, 2);
    expect(again.playable()).toBe(true);
    expect(again.nextIndex()).toBe(2);
  });

  it('marks a mixer restart as a discontinuity only where something was listed before it', async () => {
    const storage = await store('none');
    storage.release();
    const hls = await SessionHls.open(storage, sessionId, variant, 2);
    // A mixer that died while starting: nothing before the first segment to break from.
    hls.markDiscontinuity();
    await hls.add(segment(1));
    await hls.add(segment(2));
    hls.markDiscontinuity();
    await hls.add(segment(3));
    expect(hls.segments().map((s) => s.discontinuity)).toEqual([false, false, true]);
    const rec = await readFile(storage.path(sessionId, 'main.rec.m3u8')!, 'utf8');
    expect(rec.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
    expect(rec.indexOf('#EXT-X-DISCONTINUITY')).toBeGreaterThan(rec.indexOf('main-00002.ts'));
  });

  it('holds a blocking playlist reload until the segment it asks for is listed, and lets it go at the end or after its time', async () => {
    const storage = await store('none');
    const hls = await SessionHls.open(storage, sessionId, variant, 2);
    await hls.add(segment(1));
    expect(hls.listed()).toBe(1);
    // Already listed: no wait.
    await hls.whenListed('main', 1, 60_000);
    let answered = false;
    const next = hls.whenListed('main', 2, 60_000).then(() => (answered = true));
    await hls.add({ ...segment(2), rendition: 'kk', file: 'audio-kk-00002.ts' });
    expect(answered).toBe(false);
    await hls.add(segment(2));
    await next;
    expect(await readFile(storage.path(sessionId, 'main.m3u8')!, 'utf8')).toContain('\nmain-00002.ts\n');

    const started = Date.now();
    await hls.whenListed('main', 5, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const waiting = hls.whenListed('main', 9, 60_000);
    await hls.endLive();
    await waiting;
    const live = await readFile(storage.path(sessionId, 'main.m3u8')!, 'utf8');
    expect(live).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES');
    expect(live).toContain('#EXT-X-ENDLIST');
  });
});
