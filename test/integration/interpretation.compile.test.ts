/**
 * The compiled documents of an interpreted, captioned session say so in their header, in every
 * format, and the PDF's structure tree carries it for screen readers (poppler's pdfinfo).
 */
import { describe, expect, it } from 'vitest';
import { Compilation } from '../../common/compilation.contract';
import { openTurn } from '../../server/interpretation/interpretation.repo';
import { invited } from '../helpers/factories';
import { connect, liveSession, ok } from './qa.support';
import { pdfText, run, tempFile } from './recs.support';
import { endAndCompile, withCompileWorker } from './compile.support';

const harness = withCompileWorker({ COMPILE_LOCK_MS: '5000' });
const { track } = harness;

describe('compiled documents of an interpreted session', () => {
  it('list the languages interpreted and captioned in the header of the PDF (tagged), Markdown and JSON', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const { fx, sessionId } = live;
    // A turn on air in the ru channel, as the booth records it when an interpreter goes on air.
    const interpreter = (await (await invited(app, fx, 'interpreter', sessionId, 'ru')).get('/api/me')).data as { actor: { id: string } };
    await openTurn(app.core.db, sessionId, 'ru', interpreter.actor.id);
    const captioner = await connect(app.url, await invited(app, fx, 'captioner', sessionId, 'kk'));
    track(captioner);
    await ok(captioner, 'caption:send', { sessionId, lang: 'kk', text: 'Құрметті әріптестер, бастаймыз.' });

    const { download, get } = await endAndCompile(harness, fx, sessionId);

    // The forum's first language is Kazakh: so is the document.
    const pdf = await get('pdf');
    const text = await pdfText(pdf);
    expect(text).toMatch(/Ілеспе аударма\s+орыс тілі/);
    expect(text).toMatch(/Тікелей субтитрлер\s+қазақ тілі/);
    const file = await tempFile('doc.pdf', pdf);
    const { stdout: tree } = await run('pdfinfo', ['-struct-text', file]);
    expect(tree).toContain('Ілеспе аударма');
    expect(tree).toContain('орыс тілі');
    expect(tree).toMatch(/Table|TR|TD|TH/);

    await expect(get('md').then((b) => b.toString('utf8'))).resolves.toMatch(/Ілеспе аударма.*орыс тілі/);
    const c = Compilation.parse((await download('json')).data);
    expect(c.sessions[0]).toMatchObject({ interpreted: ['ru'], captioned: ['kk'] });
  });
});
