/** Following what becomes of recommendations: Atom feeds per forum and per item, and the tracker's monthly tallies. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CompileRevisionView, TrackerView } from '../../common/recs.contract';
import { citizen, forumWithSession } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { eventually } from '../helpers/wait-for';
import { connect, ok } from './qa.support';
import { withCompileWorker } from './compile.support';

const harness = withCompileWorker();
const { track } = harness;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' });
interface AtomLink {
  '@rel'?: string;
  '@href': string;
}
interface AtomEntry {
  id: string;
  title: string | { '#text': string };
  updated: string;
  link: AtomLink[];
  content?: unknown;
  summary?: unknown;
}
interface Atom {
  feed: { '@xmlns': string; id: string; title: string | { '#text': string }; updated: string; author: { name: string }; link: AtomLink[]; entry?: AtomEntry[] };
}

const text = (t: string | { '#text': string }) => (typeof t === 'string' ? t : t['#text']);

/** Fetches a feed, checks it is well-formed Atom with every element RFC 4287 requires, and returns it parsed. */
async function atom(who: Client, path: string): Promise<Atom['feed']> {
  const r = await who.get(path);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
  const xml = (r.data as Buffer).toString('utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const { feed } = parser.parse(xml) as Atom;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(feed.id).toMatch(/^tag:127\.0\.0\.1,\d{4}-\d{2}-\d{2}:tracker\//);
  expect(text(feed.title).length).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
  expect(feed.author.name.length).toBeGreaterThan(0);
  expect(feed.link.some((l) => l['@rel'] === 'self' && l['@href'].endsWith(path.split('?')[0]!))).toBe(true);
  for (const e of feed.entry ?? []) {
    expect(e.id).toMatch(/^tag:/);
    expect(text(e.title).length).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(e.updated))).toBe(false);
    expect(e.link.some((l) => l['@href'].includes('/tracker#item-'))).toBe(true);
    expect(e.content ?? e.summary).toBeDefined();
  }
  return feed;
}

describe('following the tracker', () => {
  it('serves valid Atom per forum and per item that gains an entry when an organizer changes a status', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    await fx.org.post(`/api/sessions/${fx.session.id}/start`);
    const s = await connect(app.url, await citizen(app));
    track(s);
    await ok(s, 'recs:submit', { sessionId: fx.session.id, text: 'Әкімдіктердің есептерін ашық деректер порталында ай сайын жариялау.', lang: 'kk', addressee: 'Әділет министрлігі' });
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    await eventually(async () => ((await fx.org.get(`/api/sessions/${fx.session.id}/compilations`)).data as CompileRevisionView[]).find((v) => v.status === 'done'), 60_000, 200);
    expect((await fx.org.post(`/api/forums/${fx.forum.id}/compilations`)).status).toBe(202);
    const set = await eventually(async () => ((await fx.org.get(`/api/forums/${fx.forum.id}/compilations`)).data as CompileRevisionView[]).find((v) => v.status === 'done'), 60_000, 200);

    const reader = await citizen(app);
    expect((await reader.get(`/api/forums/${fx.forum.slug}/tracker.atom`)).status).toBe(403);
    await fx.org.put(`/api/forums/${fx.forum.id}/compilations/${set.revision}/published`, { published: true });

    const before = await atom(reader, `/api/forums/${fx.forum.slug}/tracker.atom`);
    expect(before.entry ?? []).toHaveLength(0);
    const tracker = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    const item = tracker.items[0]!;
    const itemPath = `/api/tracker/${item.id}/feed.atom?lang=ru`;
    expect((await atom(reader, itemPath)).entry ?? []).toHaveLength(0);

    const patched = await fx.org.patch(`/api/tracker/${item.id}`, { status: 'in_progress', deadline: '2027-03-01', note: 'Министерство подготовило проект приказа.' });
    expect(patched.status).toBe(200);

    const after = await atom(reader, `/api/forums/${fx.forum.slug}/tracker.atom`);
    expect(after.entry).toHaveLength(1);
    // The forum's first language is Kazakh.
    expect(text(after.entry![0]!.title)).toBe('№1: орындалуда · Мерзімі: 2027-03-01');
    const one = await atom(reader, itemPath);
    expect(one.entry).toHaveLength(1);
    expect(text(one.entry![0]!.title)).toContain('в работе');
    expect(JSON.stringify(one.entry![0]!.content)).toContain('Министерство подготовило проект приказа.');
    expect(Date.parse(one.updated)).toBe(Date.parse(one.entry![0]!.updated));

    await fx.org.patch(`/api/tracker/${item.id}`, { status: 'executed' });
    const later = await atom(reader, itemPath);
    expect(later.entry).toHaveLength(2);
    // Newest first; the first entry keeps its id.
    expect(later.entry![1]!.id).toBe(one.entry![0]!.id);

    const view = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(view.monthly.at(-1)).toMatchObject({ total: 1, executed: 1 });
    expect(view.items[0]!.createdAt).toBeTruthy();
    expect((await reader.get(`/api/tracker/${item.id}/feed.atom?lang=de`)).status).toBe(400);
  });
});
