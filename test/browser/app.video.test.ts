import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { browserSuite, screenshot, type Person } from './helpers/browser';

// The broadcast end to end through the app's own pages: the speaker studio publishes
// Chromium's fake camera and microphone through a real mediasoup worker; the citizen's
// session page plays it.
const suite = browserSuite({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
const open = suite.open;

/** Frames the page's main video element has decoded and shown. */
const framesShown = (p: Person) =>
  p.page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('video[aria-label]');
    return v ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
  });

describe('the broadcast in the browser', () => {
  it('a speaker goes on air from the studio with the fake camera and a viewer page plays it', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const speaker = await open({ as: await invited(suite.app, fx, 'speaker'), lang: 'en' }, `/s/${fx.session.id}/studio`);
    // The preview shows the local camera before anything is sent.
    await speaker.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.studio-preview video')?.videoWidth ?? 0) > 0);
    await speaker.page.getByRole('button', { name: 'Go on air' }).click();
    await speaker.page.locator('.on-air').waitFor();

    const viewer = await open({ as: await citizen(suite.app), lang: 'en', width: 360 }, `/s/${fx.session.id}`);
    await viewer.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[aria-label]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0, undefined, {
      timeout: 30_000,
    });
    expect(await framesShown(viewer)).toBeGreaterThan(0);
    // The page marks its first presented frame (the benchmark reads this mark); it follows the frame count.
    await viewer.page.waitForFunction(() => performance.getEntriesByName('birge:first-frame').length === 1);
    await screenshot(viewer.page, 'session-live-video-360');
    await screenshot(speaker.page, 'speaker-studio-1280');

    // Sound only: the video element goes away, the sound stays.
    await viewer.page.getByRole('switch', { name: 'Sound only' }).check();
    await viewer.page.getByText('Sound only', { exact: true }).nth(1).waitFor();
    expect(await viewer.page.locator('video[aria-label]').isHidden()).toBe(true);
    expect(await viewer.page.evaluate(() => document.querySelector('audio')?.srcObject instanceof MediaStream)).toBe(true);

    // The speaker stops: the viewer is told the broadcast is waiting for the speaker.
    await viewer.page.getByRole('switch', { name: 'Sound only' }).uncheck();
    await speaker.page.getByRole('button', { name: 'Stop broadcasting' }).click();
    await viewer.page.getByText('Waiting for the speaker to start broadcasting').waitFor();
    expect([...speaker.problems, ...viewer.problems]).toEqual([]);
  });

  it('a citizen cannot open the studio', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const p = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}/studio`);
    await p.page.getByText('You are not a speaker in this session.').waitFor();
  });
});
