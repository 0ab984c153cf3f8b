import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import type { Lang } from '../../../common/base';
import { CLIENT_DIST } from '../../../server/app';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app';
import type { Client } from '../../helpers/http';

export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts');

/** The app's pages come from the production build; `npm test` builds it first (pretest). */
export function requireClientBuild(): void {
  if (!existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error(`no client build in ${CLIENT_DIST}: run \`npm run build:client\` (npm test does it by itself)`);
  }
}

/** Debian's Chromium, headless, with a fake camera and microphone that need no permission prompt. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-gpu',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (tests assert there are none). */
  problems: string[];
  /** Dialogs the page opened (an `alert` would mean injected script ran). */
  dialogs: string[];
}

export interface PersonOptions {
  /** Cookies of a signed-in (or citizen) HTTP client, so the browser is that person. */
  as?: Client;
  lang?: Lang;
  width?: number;
}

/** Gives a browser profile the cookies of an HTTP client (signed in, or a citizen) for `url`, so it is that person. */
export async function signIn(context: BrowserContext, who: Client, url: string): Promise<void> {
  const cookies = who.cookieHeader
    .split('; ')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url };
    });
  if (cookies.length) await context.addCookies(cookies);
}

/**
 * A person with their own browser profile (cookies, storage). Language is preset in
 * localStorage exactly as the switcher would leave it.
 */
export async function person(browser: Browser, app: TestApp, opts: PersonOptions = {}): Promise<Person> {
  const width = opts.width ?? 1280;
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 780 : 900 }, locale: 'en-US', timezoneId: 'Asia/Almaty' });
  if (opts.as) await signIn(context, opts.as, app.url);
  if (opts.lang) await context.addInitScript((l) => localStorage.getItem('birge.lang') ?? localStorage.setItem('birge.lang', l), opts.lang);
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    // The browser reports failed HTTP answers (4xx a test provokes on purpose) as console errors too.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, problems, dialogs };
}

/** Saves a screenshot as a test artifact (test-artifacts/ is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export interface BrowserSuite {
  app: TestApp;
  browser: Browser;
  /** A new person (own profile) with `path` open; closed after the file's tests. */
  open: (opts: PersonOptions, path: string) => Promise<Person>;
  /** A new person with nothing open yet; closed after the file's tests. */
  person: (opts?: PersonOptions) => Promise<Person>;
}

/**
 * The shared setup of a browser test file: the real app (with `env` overrides), one
 * Chromium, and every person opened, all torn down after the file's tests.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const people: Person[] = [];
  const suite = {
    async person(opts: PersonOptions = {}) {
      const p = await person(suite.browser, suite.app, opts);
      people.push(p);
      return p;
    },
    async open(opts: PersonOptions, path: string) {
      const p = await suite.person(opts);
      await p.page.goto(suite.app.url + path);
      return p;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    requireClientBuild();
    suite.app = await startTestApp(env);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    for (const p of people) await p.context.close().catch(() => undefined);
    await suite.browser?.close();
    await suite.app?.stop();
    // A suite that gave the app its own media directory leaves nothing of it behind.
    if (env.MEDIA_DIR) rmSync(env.MEDIA_DIR, { recursive: true, force: true });
  });
  return suite;
}
