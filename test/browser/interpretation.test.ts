import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { axeViolations } from './helpers/axe';
import { browserSuite, screenshot, type Person } from './helpers/browser';
import { toneMic } from './helpers/tone-mic';

// Interpretation and captions end to end through the app's own pages, on a real mediasoup worker:
// the speaker's studio, two interpreter booths, a captioner booth and listeners' session pages.
const suite = browserSuite({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });

const FLOOR_HZ = 440;
const KK_A_HZ = 1000;
const KK_B_HZ = 1500;
const TONE_LEVEL = 0.3;

/**
 * The probe's block analysis, run on the page's audio rendering thread (an AudioWorklet): a
 * main-thread ScriptProcessor is starved exactly when the page re-renders (as on a handover),
 * and its lost and repeated blocks would read as gaps in the sound. Serialised into the page.
 */
function levelProbeWorklet(): void {
  const BLOCK = 256;
  // @ts-expect-error -- AudioWorkletGlobalScope
  class LevelProbe extends AudioWorkletProcessor {
    readonly coeff: number[];
    readonly buf = new Float32Array(BLOCK);
    n = 0;
    out: [number, number, number[]][] = [];
    constructor(o: { processorOptions: { hz: number[] } }) {
      super();
      // @ts-expect-error -- sampleRate is a global of the worklet scope
      this.coeff = o.processorOptions.hz.map((f) => 2 * Math.cos((2 * Math.PI * f) / sampleRate));
    }
    process(inputs: Float32Array[][]): boolean {
      // No source connected is silence, as a listener would hear it.
      const x = inputs[0]?.[0];
      for (let i = 0; i < 128; i++) this.buf[this.n + i] = x ? x[i]! : 0;
      this.n += 128;
      if (this.n < BLOCK) return true;
      this.n = 0;
      let sum = 0;
      for (const v of this.buf) sum += v * v;
      const tone = this.coeff.map((c) => {
        let s1 = 0;
        let s2 = 0;
        for (const v of this.buf) {
          const s0 = v + c * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        return Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) / BLOCK;
      });
      // The block's start on the audio clock, in ms.
      // @ts-expect-error -- currentFrame and sampleRate are globals of the worklet scope
      this.out.push([((currentFrame + 128 - BLOCK) / sampleRate) * 1000, Math.sqrt(sum / BLOCK), tone]);
      if (this.out.length >= 8) {
        // @ts-expect-error -- port is the processor's
        this.port.postMessage(this.out);
        this.out = [];
      }
      return true;
    }
  }
  // @ts-expect-error -- AudioWorkletGlobalScope
  registerProcessor('level-probe', LevelProbe);
}

/**
 * Starts recording what the page's audio element plays, block by block (256 samples, ~5 ms,
 * stamped on the audio clock and mapped to `performance.now()`): the energy at each tone's
 * frequency (Goertzel) and in total. Follows srcObject changes.
 */
async function listenProbe(person: Person, tones: number[]): Promise<void> {
  const url = `${new URL(person.page.url()).origin}/__test/level-probe.js`;
  // Served by the browser itself (Playwright's routes do not see worklet fetches): the page's CSP stays as the app sends it.
  const cdp = await person.context.newCDPSession(person.page);
  const body = Buffer.from(`(${levelProbeWorklet.toString()})();`).toString('base64');
  cdp.on('Fetch.requestPaused', (e) => void cdp.send('Fetch.fulfillRequest', { requestId: e.requestId, responseCode: 200, responseHeaders: [{ name: 'Content-Type', value: 'text/javascript' }], body }));
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: url }] });
  await person.page.evaluate(
    async ({ hz, url }: { hz: number[]; url: string }) => {
      const ctx = new AudioContext();
      await ctx.audioWorklet.addModule(url);
      const proc = new AudioWorkletNode(ctx, 'level-probe', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit', processorOptions: { hz } });
      const sink = ctx.createGain();
      sink.gain.value = 0;
      proc.connect(sink).connect(ctx.destination);
      const blocks: { t: number; rms: number; tone: number[] }[] = [];
      proc.port.onmessage = (e: MessageEvent<[number, number, number[]][]>) => {
        // Audio clock → performance.now(), from the pair the context gives for the same instant.
        const { contextTime, performanceTime } = ctx.getOutputTimestamp();
        const offset = performanceTime! - contextTime! * 1000;
        for (const [t, rms, tone] of e.data) blocks.push({ t: t + offset, rms, tone });
      };
      let source: MediaStreamAudioSourceNode | undefined;
      let current: MediaProvider | null = null;
      setInterval(() => {
        const el = document.querySelector('audio');
        const src = el?.srcObject ?? null;
        if (src === current) return;
        current = src;
        source?.disconnect();
        source = src instanceof MediaStream && src.getAudioTracks().length ? ctx.createMediaStreamSource(src) : undefined;
        source?.connect(proc);
      }, 10);
      await ctx.resume();
      (window as unknown as { probe: typeof blocks }).probe = blocks;
    },
    { hz: tones, url },
  );
}

interface Block {
  t: number;
  rms: number;
  tone: number[];
}

const blocks = (page: Page, since = 0) => page.evaluate((s: number) => (window as unknown as { probe: Block[] }).probe.filter((b) => b.t >= s), since);
const now = (page: Page) => page.evaluate(() => performance.now());

/** The tone (index into the probe's tones) a block is dominated by, if any. */
function dominant(b: Block): number | undefined {
  const best = b.tone.indexOf(Math.max(...b.tone));
  return b.tone[best]! > 0.02 && b.tone[best]! > 4 * Math.max(...b.tone.filter((_, i) => i !== best), 1e-6) ? best : undefined;
}

/** When the probe first heard `tone` steadily (five blocks in a row) after `since`. */
async function heardAt(page: Page, tone: number, since: number, ms = 10_000): Promise<number> {
  let found: number | undefined;
  await expect
    .poll(
      async () => {
        const bs = await blocks(page, since);
        for (let i = 0; i + 5 <= bs.length; i++) if (bs.slice(i, i + 5).every((b) => dominant(b) === tone)) return (found = bs[i]!.t);
        return undefined;
      },
      { timeout: ms, interval: 100 },
    )
    .toBeDefined();
  return found!;
}

async function expectClean(p: Person): Promise<void> {
  expect(await axeViolations(p.page)).toEqual([]);
  expect(p.problems).toEqual([]);
}

describe('interpretation in the browser', () => {
  it('a listener hears the kk interpreter instead of the speaker, back within a second, through a handover without a gap', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const id = fx.session.id;

    const speaker = await suite.person({ as: await invited(suite.app, fx, 'speaker'), lang: 'en' });
    await toneMic(speaker.context, { hz: FLOOR_HZ, level: TONE_LEVEL });
    await speaker.page.goto(`${suite.app.url}/s/${id}/studio`);
    await speaker.page.getByRole('button', { name: 'Go on air' }).click();
    await speaker.page.locator('.on-air').waitFor();

    const a = await suite.person({ as: await invited(suite.app, fx, 'interpreter', id, 'kk'), lang: 'en' });
    await toneMic(a.context, { hz: KK_A_HZ, level: TONE_LEVEL });
    await a.page.goto(`${suite.app.url}/s/${id}/interpret`);
    const goA = a.page.getByRole('button', { name: 'Go on air' });
    await expect.poll(() => goA.isEnabled(), { timeout: 20_000 }).toBe(true);
    await goA.click();
    await a.page.locator('.air-state.is-on').waitFor();
    await expectClean(a);

    const listener = await suite.person({ as: await citizen(suite.app), lang: 'en' });
    await listener.page.goto(`${suite.app.url}/s/${id}`);
    await listenProbe(listener, [FLOOR_HZ, KK_A_HZ, KK_B_HZ]);
    const language = listener.page.getByRole('combobox', { name: 'Listen in' });
    await heardAt(listener.page, 0, 0, 30_000);
    await expect.poll(() => language.locator('option').allTextContents()).toEqual(['Original', 'Қазақша · interpreting']);

    // To kk: the interpreter's tone replaces the speaker's, within a second.
    const toKk = await now(listener.page);
    await language.selectOption('kk');
    const heardKk = await heardAt(listener.page, 1, toKk);
    expect(heardKk - toKk).toBeLessThan(1000);
    // The video did not restart: the same video track keeps playing.
    await expectClean(listener);
    await screenshot(listener.page, 'session-listening-kk-1280');

    // And back to the original.
    const back = await now(listener.page);
    await language.selectOption('original');
    const heardFloor = await heardAt(listener.page, 0, back);
    expect(heardFloor - back).toBeLessThan(1000);

    // Handover: B takes the kk channel; the listener's sound goes from A's tone to B's without a gap over 200 ms.
    await language.selectOption('kk');
    const onKk = await heardAt(listener.page, 1, await now(listener.page));
    const b = await suite.person({ as: await invited(suite.app, fx, 'interpreter', id, 'kk'), lang: 'en' });
    await toneMic(b.context, { hz: KK_B_HZ, level: TONE_LEVEL });
    await b.page.goto(`${suite.app.url}/s/${id}/interpret`);
    await b.page.getByText(/is on air in this channel/).waitFor({ timeout: 20_000 });
    const goB = b.page.getByRole('button', { name: 'Go on air' });
    await expect.poll(() => goB.isEnabled(), { timeout: 20_000 }).toBe(true);
    await goB.click();
    const heardB = await heardAt(listener.page, 2, onKk, 10_000);
    await a.page.getByText(/took over the channel/).waitFor();
    expect(await a.page.locator('.air-state').textContent()).toBe('Off air');
    const around = (await blocks(listener.page, heardB - 2000)).filter((x) => x.t <= heardB + 50);
    const lastA = around.filter((x) => dominant(x) === 1).at(-1)!;
    const firstB = around.find((x) => x.t > lastA.t && dominant(x) === 2)!;
    const gapMs = firstB.t - lastA.t;
    console.log(JSON.stringify({ switch_to_kk_ms: Math.round(heardKk - toKk), switch_back_ms: Math.round(heardFloor - back), handover_gap_ms: Math.round(gapMs) }));
    expect(gapMs).toBeLessThanOrEqual(200);
    await expectClean(b);
    await screenshot(b.page, 'interpreter-booth-1280');

    // The floor kept quietly under the interpretation: both tones, the speaker's much softer.
    const mixFrom = await now(listener.page);
    await listener.page.getByRole('switch', { name: 'Keep the original quietly underneath' }).check();
    await expect
      .poll(async () => (await blocks(listener.page, mixFrom + 300)).filter((x) => x.tone[2]! > 0.02 && x.tone[0]! > 0.002 && x.tone[0]! < x.tone[2]! / 2).length, { timeout: 10_000 })
      .toBeGreaterThan(20);
    expect(speaker.problems).toEqual([]);
  }, 150_000);

  it('refuses a citizen the interpreter booth', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const p = await suite.open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}/interpret`);
    await p.page.getByText('You are not an interpreter in this session.').waitFor();
  });
});

describe('live captions in the browser', () => {
  it("shows a captioner's lines over the video on two viewers' pages, in order", async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const id = fx.session.id;
    const captioner = await suite.open({ as: await invited(suite.app, fx, 'captioner', id, 'kk'), lang: 'kk' }, `/s/${id}/caption`);
    // By id: its label changes while a line is being corrected.
    const input = captioner.page.locator('#caption-input');
    await captioner.page.getByRole('textbox', { name: /Субтитр жолы/ }).waitFor();
    await expect.poll(() => input.isEnabled(), { timeout: 20_000 }).toBe(true);
    await expectClean(captioner);

    const viewers = [await suite.open({ as: await citizen(suite.app), lang: 'ru' }, `/s/${id}`), await suite.open({ as: await citizen(suite.app), lang: 'en', width: 360 }, `/s/${id}`)];
    const labels = ['Субтитры', 'Captions'];
    for (const [i, v] of viewers.entries()) await v.page.getByRole('combobox', { name: labels[i]! }).selectOption('kk');

    const lines = ['Құрметті әріптестер,', 'бүгін қоғамдық кеңестер туралы', 'сөйлесеміз.'];
    await input.fill(lines[0]!);
    await input.press('Enter');
    for (const v of viewers) await v.page.locator('.captions').getByText(lines[0]!).waitFor();
    // Typed fast, one after another, without waiting.
    for (const l of lines.slice(1)) {
      await input.fill(l);
      await input.press('Enter');
    }
    for (const v of viewers) {
      await expect.poll(() => v.page.locator('.caption-line').allTextContents()).toEqual(lines.slice(1));
      expect(await v.page.locator('.captions').getAttribute('lang')).toBe('kk');
    }
    // ↑ brings the last line back; Enter stores the correction, and viewers see it.
    await input.press('ArrowUp');
    await expect.poll(() => input.inputValue()).toBe(lines[2]);
    await input.fill('сөйлесеміз, бастайық.');
    await input.press('Enter');
    for (const v of viewers) await v.page.locator('.captions').getByText('сөйлесеміз, бастайық.').waitFor();
    await screenshot(viewers[1]!.page, 'session-captions-360');
    await screenshot(captioner.page, 'captioner-booth-1280');
    for (const v of viewers) await expectClean(v);
    await expectClean(captioner);
  }, 120_000);
});
