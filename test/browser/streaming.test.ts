import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { launchChromium, signIn } from './helpers/browser';

// Headless Chromium with a fake camera and microphone publishes through client/src/media to the
// real server (real mediasoup worker, WebRTC with DTLS); a second page plays the broadcast.
const HARNESS = path.join(import.meta.dirname, 'fixtures', 'media-harness');
const BASE = '/__media-harness/';
let app: TestApp;
let browser: Browser;
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'birge-media-harness-'));
  await build({ root: HARNESS, base: BASE, configFile: false, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true, minify: false } });
  app = await startTestApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
  // The harness document is fulfilled by request interception, which Chromium files under the
  // public address space, so its socket to 127.0.0.1 would count as a local-network request.
  // Real pages come from the app itself and need no such switch.
  browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** A browser page on the app's origin (so its cookies and socket reach the app) showing the harness. */
async function pageAs(client: Client): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await signIn(context, client, app.url);
  // The harness is served from the build folder under the app's own origin.
  await context.route(`${app.url}${BASE}**`, async (route) => {
    const rel = new URL(route.request().url()).pathname.slice(BASE.length) || 'index.html';
    const file = path.join(dist, rel);
    if (!file.startsWith(dist)) return route.fulfill({ status: 404 });
    try {
      const body = readFileSync(file);
      const type = rel.endsWith('.js') ? 'text/javascript' : rel.endsWith('.html') ? 'text/html' : 'application/octet-stream';
      await route.fulfill({ status: 200, body, contentType: type });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${app.url}${BASE}index.html`);
  await page.waitForFunction(() => 'harness' in window);
  await page.evaluate(() => window.harness.connected());
  return { context, page };
}

async function liveSessionWithSpeaker(): Promise<{ fx: ForumFixture; speaker: Page; viewer: Page; contexts: BrowserContext[] }> {
  const fx = await forumWithSession(app);
  await goLive(fx);
  const s = await pageAs(await invited(app, fx, 'speaker'));
  const v = await pageAs(await citizen(app));
  return { fx, speaker: s.page, viewer: v.page, contexts: [s.context, v.context] };
}

describe('browser media', () => {
  it('a speaker publishes a fake camera and microphone; a citizen page plays them, goes audio-only, and learns when the session ends', async () => {
    const { fx, speaker, viewer, contexts } = await liveSessionWithSpeaker();
    try {
      const published = await speaker.evaluate((id) => window.harness.publish(id), fx.session.id);
      expect(published).toEqual({ ok: true, sources: expect.arrayContaining(['camera', 'mic']) });
      expect(await viewer.evaluate((id) => window.harness.watch(id), fx.session.id)).toEqual({ ok: true });

      const stats = () => viewer.evaluate(() => window.harness.viewerStats());
      await expect.poll(async () => (await stats())?.video.framesDecoded ?? 0, { timeout: 30_000, interval: 250 }).toBeGreaterThan(10);
      await expect.poll(async () => (await stats())?.audio.packetsReceived ?? 0, { timeout: 10_000, interval: 250 }).toBeGreaterThan(10);
      const feeds = await viewer.evaluate(() => window.harness.feeds());
      expect(feeds.map((f) => f.source).sort()).toEqual(['camera', 'mic']);
      await expect.poll(() => viewer.evaluate(() => window.harness.playing().width), { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);

      // The camera goes out as simulcast layers.
      const layers = await speaker.evaluate(() => window.harness.publisherStats());
      expect(new Set(layers!.filter((l) => l.source === 'camera').map((l) => l.rid)).size).toBeGreaterThanOrEqual(2);

      // Audio-only: the server stops sending this viewer video.
      const room = await app.services.streaming.openRoom(fx.session.id);
      const viewerPeer = room.peer((await viewer.evaluate(() => window.harness.socketId()))!)!;
      await viewer.evaluate(() => window.harness.setAudioOnly(true));
      expect(viewerPeer.consumers.filter((c) => c.kind === 'video').map((c) => c.paused)).toEqual([true]);
      expect(viewerPeer.consumers.filter((c) => c.kind === 'audio').map((c) => c.paused)).toEqual([false]);
      await viewer.evaluate(() => window.harness.setAudioOnly(false));
      expect(viewerPeer.consumers.filter((c) => c.kind === 'video').map((c) => c.paused)).toEqual([false]);

      // The session ends: the page is told, its feeds go away.
      await fx.org.post(`/api/sessions/${fx.session.id}/end`);
      await expect.poll(() => viewer.evaluate(() => window.harness.states().at(-1)), { timeout: 10_000, interval: 100 }).toBe('closed');
      expect(await viewer.evaluate(() => window.harness.feeds())).toEqual([]);
    } finally {
      for (const c of contexts) await c.close();
    }
  });

  it('refuses to let a citizen page publish', async () => {
    const fx = await forumWithSession(app);
    await goLive(fx);
    const { page, context } = await pageAs(await citizen(app));
    try {
      expect(await page.evaluate((id) => window.harness.publish(id), fx.session.id)).toMatchObject({ ok: false, code: 'forbidden' });
    } finally {
      await context.close();
    }
  });

  it('keeps playing after the media worker is killed: both pages reconnect by themselves', async () => {
    const { fx, speaker, viewer, contexts } = await liveSessionWithSpeaker();
    try {
      await speaker.evaluate((id) => window.harness.publish(id), fx.session.id);
      await viewer.evaluate((id) => window.harness.watch(id), fx.session.id);
      const stats = () => viewer.evaluate(() => window.harness.viewerStats());
      await expect.poll(async () => (await stats())?.video.framesDecoded ?? 0, { timeout: 30_000, interval: 250 }).toBeGreaterThan(5);

      const room = await app.services.streaming.openRoom(fx.session.id);
      process.kill(room.origin.slot.worker.pid, 'SIGKILL');
      await expect.poll(() => viewer.evaluate(() => window.harness.states()), { timeout: 10_000, interval: 100 }).toContain('reconnecting');
      await expect.poll(() => viewer.evaluate(() => window.harness.states().at(-1)), { timeout: 20_000, interval: 250 }).toBe('connected');
      // New consumers start counting from zero: frames decoded again prove the new path works.
      await expect.poll(async () => (await stats())?.video.framesDecoded ?? 0, { timeout: 30_000, interval: 250 }).toBeGreaterThan(5);
      await expect.poll(async () => (await stats())?.audio.packetsReceived ?? 0, { timeout: 10_000, interval: 250 }).toBeGreaterThan(5);
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
