import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { axeViolations } from './helpers/axe';
import { untranslated } from './helpers/audit';
import { browserSuite, screenshot, type Person } from './helpers/browser';

// Live video for everyone: WebRTC by default, the standard stream (HLS through the server's
// program feed) when WebRTC cannot get through, and the recording afterwards.
const suite = browserSuite({
  MEDIA_ENABLED: 'true', BROADCAST_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1',
  BROADCAST_WIDTH: '320', BROADCAST_HEIGHT: '180', BROADCAST_VIDEO_KBPS: '300', BROADCAST_AUDIO_KBPS: '64', BROADCAST_X264_PRESET: 'ultrafast',
  MEDIA_DIR: `/tmp/birge-browser-media-${process.pid}`, RECORDING_MIN_FREE_MB: '0',
});

/** A network that lets no media through: the browser is never given an ICE candidate to reach. */
const BLOCK_WEBRTC = () => {
  const proto = RTCPeerConnection.prototype;
  const set = Object.getOwnPropertyDescriptor(proto, 'setRemoteDescription')!.value as (this: RTCPeerConnection, d?: RTCSessionDescriptionInit) => Promise<void>;
  Object.defineProperty(proto, 'setRemoteDescription', {
    value(this: RTCPeerConnection, d?: RTCSessionDescriptionInit) {
      return set.call(this, d?.sdp ? { type: d.type, sdp: d.sdp.replace(/^a=candidate:.*\r?\n/gm, '') } : d);
    },
  });
  RTCPeerConnection.prototype.addIceCandidate = () => Promise.resolve();
};

const frames = (p: Person, selector: string) =>
  p.page.evaluate((sel) => document.querySelector<HTMLVideoElement>(sel)?.getVideoPlaybackQuality().totalVideoFrames ?? 0, selector);

describe('the broadcast for everyone', () => {
  it('a viewer whose network blocks WebRTC falls back to the standard stream and hls.js decodes it, while another plays over WebRTC', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const speaker = await suite.open({ as: await invited(suite.app, fx, 'speaker'), lang: 'en' }, `/s/${fx.session.id}/studio`);
    await speaker.page.getByRole('button', { name: 'Go on air' }).click();
    await speaker.page.locator('.on-air').waitFor();

    const blocked = await suite.person({ as: await citizen(suite.app), lang: 'en' });
    await blocked.page.addInitScript(BLOCK_WEBRTC);
    const hlsRequests: string[] = [];
    blocked.page.on('request', (r) => r.url().includes('/media/sessions/') && hlsRequests.push(r.url()));
    await blocked.page.goto(`${suite.app.url}/s/${fx.session.id}`);
    const rtc = await suite.open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);

    await blocked.page.locator('[data-playback="hls"]').waitFor({ timeout: 30_000 });
    await blocked.page.getByText('Your network does not let live video through').waitFor();
    await blocked.page.locator('.mode-badge', { hasText: 'Standard stream' }).waitFor();
    await eventually(async () => (await frames(blocked, '[data-playback="hls"] video')) > 10, 40_000, 500);
    expect(hlsRequests.some((u) => u.endsWith('.ts'))).toBe(true);
    // Meanwhile the other viewer watches live video.
    await rtc.page.locator('.mode-badge', { hasText: 'Live video' }).waitFor();
    await eventually(async () => (await frames(rtc, 'video[aria-label]')) > 10, 30_000, 500);
    // hls.js came only with the standard stream.
    const rtcScripts = await rtc.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('hls-stage')));
    expect(rtcScripts).toEqual([]);
    await screenshot(blocked.page, 'session-standard-stream');
    for (const p of [blocked, rtc]) {
      expect(await axeViolations(p.page)).toEqual([]);
      expect(await untranslated(p.page)).toEqual([]);
    }

    // The viewer can go back to live video by choice; that choice is remembered.
    await rtc.page.getByRole('button', { name: 'Use the standard stream' }).click();
    await rtc.page.locator('[data-playback="hls"]').waitFor();
    await rtc.page.reload();
    await rtc.page.locator('[data-playback="hls"]').waitFor();
    await rtc.page.getByRole('button', { name: 'Back to live video' }).click();
    await rtc.page.locator('.mode-badge', { hasText: 'Live video' }).waitFor();
    expect([...blocked.problems, ...rtc.problems].filter((p) => !/WebRTC|ICE|candidate/i.test(p))).toEqual([]);

    // After the session: the replay page plays the recording and seeks to a chapter.
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    await eventually(async () => (await fx.org.get(`/api/sessions/${fx.session.id}/recording`)).data.state === 'ready', 60_000, 500);
    const later = await suite.open({ as: await citizen(suite.app), lang: 'kk' }, `/s/${fx.session.id}`);
    await later.page.locator('[data-playback="replay"] video').waitFor();
    await later.page.getByRole('heading', { name: 'Тараулар' }).waitFor();
    const chapters = later.page.locator('.chapters button.chapter');
    expect(await chapters.count()).toBeGreaterThanOrEqual(2);
    await chapters.last().click();
    await eventually(async () => (await later.page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-playback="replay"] video')!.currentTime)) > 0.5, 20_000, 250);
    expect(await axeViolations(later.page)).toEqual([]);
    expect(await untranslated(later.page)).toEqual([]);
    await screenshot(later.page, 'session-replay-kk');

    // The forum home marks it as watchable.
    const home = await suite.open({ as: await citizen(suite.app), lang: 'ru' }, `/f/${fx.forum.slug}`);
    await home.page.locator('[data-replay="true"]', { hasText: 'Смотреть запись' }).first().waitFor({ timeout: 20_000 });
  }, 240_000);
});
