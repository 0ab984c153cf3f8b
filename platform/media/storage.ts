/**
 * Where sessions' media (live segments, playlists, recordings) are kept. The mixer writes
 * segments straight into a session's directory, so the store is a local (or mounted)
 * filesystem: by default DATA_DIR/media, a shared volume in docker-compose. Names inside a
 * session are checked here, once, so nothing outside that directory is ever read or written.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A session's file: letters, digits and dashes, one dot-separated extension chain. */
export const MEDIA_NAME = /^[a-z0-9][a-z0-9-]{0,63}(\.[a-z0-9]{2,5}){1,2}$/;
const SESSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface MediaStorage {
  /** The session's directory (created on demand); the mixer writes segments into it. */
  dir(sessionId: string): Promise<string>;
  /** The absolute path of a session's file, or undefined when the name is not allowed. */
  path(sessionId: string, name: string): string | undefined;
  /** Replaces a file all at once (readers never see half of it). */
  write(sessionId: string, name: string, data: string | Uint8Array): Promise<void>;
  append(sessionId: string, name: string, data: string): Promise<void>;
  read(sessionId: string, name: string): Promise<Buffer | undefined>;
  size(sessionId: string, name: string): Promise<number | undefined>;
  open(sessionId: string, name: string, range?: { start: number; end: number }): ReadStream;
  /** Removes everything of a session. */
  remove(sessionId: string): Promise<void>;
  /** Free bytes on the volume. */
  freeBytes(): Promise<number>;
}

export class LocalMediaStorage implements MediaStorage {
  constructor(readonly root: string) {}

  #sessionDir(sessionId: string): string {
    if (!SESSION.test(sessionId)) throw new Error('not a session id');
    return path.join(this.root, 'sessions', sessionId);
  }

  async dir(sessionId: string): Promise<string> {
    const d = this.#sessionDir(sessionId);
    await mkdir(d, { recursive: true });
    return d;
  }

  path(sessionId: string, name: string): string | undefined {
    if (!SESSION.test(sessionId) || !MEDIA_NAME.test(name)) return undefined;
    return path.join(this.#sessionDir(sessionId), name);
  }

  #must(sessionId: string, name: string): string {
    const p = this.path(sessionId, name);
    if (!p) throw new Error(`not a media file name: ${name}`);
    return p;
  }

  async write(sessionId: string, name: string, data: string | Uint8Array): Promise<void> {
    const p = this.#must(sessionId, name);
    await mkdir(path.dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, p);
  }

  async append(sessionId: string, name: string, data: string): Promise<void> {
    const p = this.#must(sessionId, name);
    await mkdir(path.dirname(p), { recursive: true });
    await appendFile(p, data);
  }

  async read(sessionId: string, name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#must(sessionId, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async size(sessionId: string, name: string): Promise<number | undefined> {
    const p = this.path(sessionId, name);
    if (!p) return undefined;
    try {
      const s = await stat(p);
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  open(sessionId: string, name: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.#must(sessionId, name), range);
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.#sessionDir(sessionId), { recursive: true, force: true });
  }

  async freeBytes(): Promise<number> {
    await mkdir(this.root, { recursive: true });
    const s = await statfs(this.root);
    return s.bavail * s.bsize;
  }
}
