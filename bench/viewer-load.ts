/**
 * npm run bench:viewer-load [-- --runs 5]
 *
 * What a citizen's browser pays to open a live session: the session page's JavaScript
 * (every script the page loads, gzip-compressed) and the time from navigation to the first
 * decoded video frame. Builds the client, starts the real server (server/main.ts) as a child
 * on a fresh PostgreSQL database with a real mediasoup worker, has a speaker go on air from
 * the studio page with Chromium's fake camera, then opens the session page in fresh browser
 * profiles (cold cache) and reads the page's own `birge:first-frame` mark (set from
 * requestVideoFrameCallback when the first frame is presented).
 *
 * Budgets (issue 14's targets): js_gzip_kb ≤ 100, first_frame_ms ≤ 700 (median). Progress goes to stderr; the last
 * line on stdout is one JSON object.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Response } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { benchOrganizer, benchStage, httpClient, ROOT, runTsx, waitHealthy, WithId } from './harness';

const BUDGET = { js_gzip_kb: 100, first_frame_ms: 700 };
const log = (msg: string) => process.stderr.write(`[viewer-load] ${msg}\n`);

const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = z.coerce.number().int().min(1).max(50).parse(argv.runs);


const Invite = z.object({ token: z.string() });


const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  log('building the client');
  await build({ configFile: path.join(ROOT, 'client', 'vite.config.ts'), logLevel: 'warn' });

  const stage = await benchStage(process.env, { MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
  const { env, port, prefix } = stage;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    log(`starting the server on :${port}`);
    server = runTsx(['server/main.ts'], env);
    const { url } = stage;
    await waitHealthy(server, url);

    const orgHttp = await benchOrganizer(url, env, prefix);
    const forum = WithId.parse(await orgHttp.post('/api/forums', { slug: `bench-${prefix}`, title: { kk: 'Азаматтық форум', ru: 'Гражданский форум' }, languages: ['kk', 'ru'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 1 }));
    const platform = WithId.parse(await orgHttp.post(`/api/forums/${forum.id}/platforms`, { title: { ru: 'Главный зал' } }));
    const session = WithId.parse(await orgHttp.post(`/api/forums/${forum.id}/sessions`, { platformId: platform.id, title: { ru: 'Открытый диалог' }, startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' }));
    await orgHttp.post(`/api/sessions/${session.id}/start`);
    const invite = Invite.parse(await orgHttp.post(`/api/forums/${forum.id}/invites`, { role: 'speaker', sessionId: session.id }));
    const speakerHttp = httpClient(url);
    await speakerHttp.post('/api/invites/accept', { token: invite.token, displayName: 'Спикер' });

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
    });
    log('the speaker goes on air from the studio page');
    const speaker = await browser.newContext();
    await speaker.addCookies(speakerHttp.cookies());
    await speaker.addInitScript(() => localStorage.setItem('birge.lang', 'en'));
    const studio = await speaker.newPage();
    await studio.goto(`${url}/s/${session.id}/studio`);
    await studio.getByRole('button', { name: 'Go on air' }).click();
    await studio.locator('.on-air').waitFor({ timeout: 30_000 });

    const firstFrames: number[] = [];
    const timelines: Record<string, number>[] = [];
    let scripts = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      // A fresh profile each time: cold cache, new citizen, as a first visit on a phone would be.
      const ctx = await browser.newContext({ viewport: { width: 360, height: 780 } });
      const page = await ctx.newPage();
      const pending: Promise<void>[] = [];
      const seen = new Map<string, number>();
      page.on('response', (r: Response) => {
        if (r.request().resourceType() !== 'script' || !r.ok()) return;
        pending.push(r.body().then((b) => void seen.set(r.url(), gzipSync(b, { level: 9 }).length), () => undefined));
      });
      await page.goto(`${url}/s/${session.id}`);
      const ms = await page.waitForFunction(() => performance.getEntriesByName('birge:first-frame')[0]?.startTime, undefined, { timeout: 30_000, polling: 50 });
      const firstFrame = Number(await ms.jsonValue());
      const marks = await page.evaluate(() =>
        Object.fromEntries(
          [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('navigation')]
            .filter((e) => e.name.startsWith('birge:') || e.entryType === 'navigation')
            .map((e) => [e.entryType === 'navigation' ? 'dom-content-loaded' : e.name.slice(6), Math.round(e.entryType === 'navigation' && 'domContentLoadedEventEnd' in e ? Number(e.domContentLoadedEventEnd) : e.startTime)]),
        ),
      );
      timelines.push(marks);
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      firstFrames.push(Math.round(firstFrame));
      scripts = seen;
      log(`run ${i + 1}/${runs}: first frame at ${Math.round(firstFrame)} ms, ${seen.size} scripts; ${JSON.stringify(marks)}`);
      await ctx.close();
    }
    const jsGzipBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
    const result = {
      bench: 'viewer-load',
      js_gzip_kb: Math.round((jsGzipBytes / 1024) * 10) / 10,
      js_files: scripts.size,
      // Each script's gzip size (KB), largest first, by its file name without the content hash
      // (kept where two chunks share a name).
      js_kb_by_file: Object.fromEntries(
        [...scripts]
          .sort((a, b) => b[1] - a[1])
          .map(([u, n]) => [new URL(u).pathname.replace(/^.*\//, ''), Math.round((n / 1024) * 10) / 10] as const)
          .map(([file, kb], _, all) => {
            const name = file.replace(/-[\w-]{8}\.js$/, '');
            return [all.filter(([f]) => f.replace(/-[\w-]{8}\.js$/, '') === name).length > 1 ? file : name, kb];
          }),
      ),
      first_frame_ms: median(firstFrames),
      first_frame_runs_ms: firstFrames,
      // Median time of each step on the way (ms since navigation start).
      timeline_ms: Object.fromEntries(Object.keys(timelines[0] ?? {}).map((k) => [k, median(timelines.map((t) => t[k] ?? NaN))])),
      budget: BUDGET,
      within_budget: jsGzipBytes / 1024 <= BUDGET.js_gzip_kb && median(firstFrames) <= BUDGET.first_frame_ms,
      node: process.version,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await browser?.close().catch(() => undefined);
    await stage.teardown(server);
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
