import { describe, expect, it } from 'vitest';
import { FloorRequestView } from '../../common/floor.contract';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { ask, connectSocket } from '../integration/streaming-fixtures';
import { axeViolations } from './helpers/axe';
import { browserSuite, screenshot, type Person } from './helpers/browser';

// Taking the floor end to end through the app's pages: a citizen asks on the session page, a
// moderator invites them from the console (keyboard), the citizen's fake camera and microphone
// reach the moderator backstage, then a viewer once on air; the moderator ends the turn and the
// server refuses that citizen any further track.
const suite = browserSuite({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });

const accessible = async (p: Person) => expect(await axeViolations(p.page)).toEqual([]);

async function named(name: string): Promise<Client> {
  const c = await citizen(suite.app);
  expect((await c.put('/api/me/name', { displayName: name })).status).toBe(200);
  return c;
}

describe('taking the floor in the browser', () => {
  it('a citizen asks, is invited, seen in the green room, heard and seen by a viewer on air, and refused after the turn', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const sessionId = fx.session.id;
    const speakerClient = await named('Айгерім');

    // The citizen asks for the floor on the session page.
    const speaker = await suite.open({ as: speakerClient, lang: 'en' }, `/s/${sessionId}`);
    await speaker.page.getByLabel('What do you want to speak about?').fill('Internet for rural schools');
    await speaker.page.getByLabel('Organization you speak for (optional)').fill('Youth centre');
    await accessible(speaker);
    await speaker.page.getByRole('button', { name: 'Ask for the floor' }).click();
    await speaker.page.getByText('You are number 1 in the queue to speak.').waitFor();

    // The moderator sees it live in the console and invites from the keyboard.
    const mod = await suite.open({ as: await invited(suite.app, fx, 'moderator'), lang: 'en' }, `/s/${sessionId}/moderate`);
    await mod.page.getByRole('tab', { name: /Floor/ }).waitFor();
    await mod.page.keyboard.press('3');
    const item = mod.page.locator('.floor-item', { hasText: 'Internet for rural schools' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Youth centre');
    await accessible(mod);
    await mod.page.keyboard.press('i');
    await item.getByText('green room').waitFor();

    // The citizen goes to the green room: device check, level meter, then backstage.
    await speaker.page.getByRole('link', { name: 'Go to the green room' }).click();
    await speaker.page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await speaker.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.studio-preview video')?.videoWidth ?? 0) > 0);
    await accessible(speaker);
    await speaker.page.getByRole('button', { name: 'Enter the green room' }).click();
    await speaker.page.getByText('In the green room: a moderator will put you on stage.').waitFor();

    // Only the moderator sees and hears them now.
    await mod.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.green-room-video')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0, undefined, { timeout: 30_000 });
    expect(await mod.page.evaluate(() => document.querySelector<HTMLAudioElement>('.green-room audio')?.srcObject instanceof MediaStream)).toBe(true);
    const viewer = await suite.open({ as: await citizen(suite.app), lang: 'en', width: 360 }, `/s/${sessionId}`);
    await viewer.page.getByText('Waiting for the speaker to start broadcasting').waitFor();
    expect(await viewer.page.evaluate(() => document.querySelector<HTMLVideoElement>('video[aria-label]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0)).toBe(0);

    // A connection of the citizen's own, holding a send transport while the grant lasts.
    const own = await connectSocket(suite.app.url, speakerClient.cookieHeader);
    expect((await ask(own, 'stream:join', { sessionId })).ok).toBe(true);
    const transport = await ask(own, 'stream:createTransport', { sessionId, direction: 'send' });
    if (!transport.ok) throw new Error(JSON.stringify(transport.error));

    // On air: the viewer decodes the citizen's fake camera and sees who speaks, on what, and the countdown.
    await item.getByRole('button', { name: /Put on air/ }).click();
    await speaker.page.getByText('On air: everyone sees and hears you.').waitFor();
    await viewer.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[aria-label]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0, undefined, { timeout: 30_000 });
    const stage = viewer.page.getByRole('complementary', { name: 'On the floor' });
    await stage.getByText('Internet for rural schools').waitFor();
    await expect(stage.textContent()).resolves.toContain('Айгерім');
    await stage.getByRole('timer').waitFor();
    expect(await viewer.page.evaluate(() => document.querySelector<HTMLAudioElement>('audio')?.srcObject instanceof MediaStream)).toBe(true);
    // Heard, not only attached: the fake microphone's beeps reach the viewer's audio as sound.
    await viewer.page.evaluate(() => {
      const stream = document.querySelector<HTMLAudioElement>('audio')!.srcObject as MediaStream;
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      ctx.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const heard = window as unknown as { peak: number };
      heard.peak = 0;
      setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        for (const v of samples) heard.peak = Math.max(heard.peak, Math.abs(v));
      }, 20);
    });
    await viewer.page.waitForFunction(() => (window as unknown as { peak: number }).peak > 0.01, undefined, { timeout: 15_000 });
    await accessible(viewer);
    await screenshot(viewer.page, 'floor-viewer-360');
    await screenshot(mod.page, 'floor-moderator-1280');

    // The moderator ends the turn: the citizen's page says so, the stage empties, and a further track is refused.
    await mod.page.locator('#floor-pane').focus();
    await mod.page.keyboard.press('e');
    await speaker.page.getByText('Your turn is over: your microphone and camera are off.').waitFor();
    await stage.waitFor({ state: 'detached' });
    const refused = await ask(own, 'stream:produce', {
      sessionId,
      transportId: transport.data.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4242 }] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const mine = await ask(own, 'floor:mine', { sessionId });
    expect(mine.ok && FloorRequestView.parse(mine.data).status).toBe('done');
    own.disconnect();
    await accessible(speaker);
    expect([...speaker.problems, ...mod.problems, ...viewer.problems]).toEqual([]);
  });
});
