import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { eventually } from './wait-for';
import { freePort } from './free-port';

const run = promisify(execFile);

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const newest = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return path.join(root, newest, 'bin');
}


/**
 * A PostgreSQL cluster of a test's own (initdb in a temporary directory, trust auth), which the
 * test may stop as a crash does (`pg_ctl stop -m immediate`) and start again. PostgreSQL refuses
 * to run as root, so as root it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  /** The URL of database `name` on this cluster. */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(path.join(tmpdir(), 'birge-pg-'));
    const p = new PrivatePostgres(await freePort(), dir, binDir());
    if (process.getuid?.() === 0) {
      const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())));
      p.#owner = { uid: uid!, gid: gid! };
      await chown(dir, uid!, gid!);
    }
    await p.#as(path.join(p.bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await p.restart();
    return p;
  }

  /** The `postgres` account's ids when running as root (CI does); null otherwise. */
  #owner: { uid: number; gid: number } | null = null;

  // Node switches the child's user itself: runuser sits in /usr/sbin, which CI's PATH may lack.
  #as(cmd: string, args: string[]) {
    return this.#owner ? run(cmd, args, { cwd: '/', ...this.#owner }) : run(cmd, args);
  }

  async restart(): Promise<void> {
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c full_page_writes=off`;
    await this.#as(path.join(this.bin, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-o', opts, '-l', path.join(this.dir, 'log'), '-w', 'start']);
    await eventually(async () => {
      const c = new pg.Client({ connectionString: this.url() });
      try {
        await c.connect();
        await c.query('select 1');
        return true;
      } finally {
        await c.end().catch(() => undefined);
      }
    }, 20_000, 100);
  }

  /** Stops at once, as a crash would: connections are cut, nothing is shut down cleanly. */
  async crash(): Promise<void> {
    await this.#as(path.join(this.bin, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-m', 'immediate', 'stop']);
  }

  async stop(): Promise<void> {
    await this.crash().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
