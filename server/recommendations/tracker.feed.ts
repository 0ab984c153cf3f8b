/**
 * Atom feeds (RFC 4287) of what becomes of recommendations: one per forum and one per
 * tracker item, an entry per change of status, responsible body or deadline, or note.
 * Entry ids are tag URIs (RFC 4151) that never change, so feed readers show each once.
 */
import { Feed } from 'feed';
import type { Lang } from '../../common/base';
import type { ForumView } from '../../common/agenda.contract';
import type { TrackerEntry, TrackerItemView, TrackerStatus } from '../../common/recs.contract';

interface FeedLabels {
  forumFeed: (forum: string) => string;
  itemFeed: (n: number) => string;
  organizers: (forum: string) => string;
  status: Record<TrackerStatus, string>;
  statusChanged: string;
  responsibleBody: string;
  deadline: string;
  note: string;
  none: string;
}

const LABELS: Record<Lang, FeedLabels> = {
  kk: {
    forumFeed: (f) => `${f}: ұсынымдардың орындалуы`,
    itemFeed: (n) => `№${n} ұсыным: орындалуы`,
    organizers: (f) => `${f} ұйымдастырушылары`,
    status: { new: 'жаңа', accepted: 'қабылданды', in_progress: 'орындалуда', executed: 'орындалды', rejected: 'қабылданбады' },
    statusChanged: 'Мәртебесі',
    responsibleBody: 'Жауапты орган',
    deadline: 'Мерзімі',
    note: 'Ескерту',
    none: 'жоқ',
  },
  ru: {
    forumFeed: (f) => `${f}: исполнение рекомендаций`,
    itemFeed: (n) => `Рекомендация №${n}: исполнение`,
    organizers: (f) => `Организаторы: ${f}`,
    status: { new: 'новая', accepted: 'принята', in_progress: 'в работе', executed: 'исполнена', rejected: 'отклонена' },
    statusChanged: 'Статус',
    responsibleBody: 'Ответственный орган',
    deadline: 'Срок',
    note: 'Примечание',
    none: 'нет',
  },
  en: {
    forumFeed: (f) => `${f}: what became of the recommendations`,
    itemFeed: (n) => `Recommendation no. ${n}: follow-up`,
    organizers: (f) => `Organizers of ${f}`,
    status: { new: 'new', accepted: 'accepted', in_progress: 'in progress', executed: 'executed', rejected: 'rejected' },
    statusChanged: 'Status',
    responsibleBody: 'Responsible body',
    deadline: 'Deadline',
    note: 'Note',
    none: 'none',
  },
};

export interface FeedContext {
  forum: ForumView;
  lang: Lang;
  /** The site's public origin, e.g. https://forum.example.kz. */
  origin: string;
  /** This feed's own address. */
  self: string;
}

const titleOf = (forum: ForumView, lang: Lang) => forum.title[lang] ?? forum.title.ru ?? forum.title.kk ?? Object.values(forum.title)[0] ?? forum.slug;

/** Builds the Atom document for some items (a forum's, or one). */
export function trackerFeed(ctx: FeedContext, items: readonly TrackerItemView[], single: boolean): string {
  const L = LABELS[ctx.lang];
  const forumTitle = titleOf(ctx.forum, ctx.lang);
  const host = new URL(ctx.origin).hostname;
  const tag = (path: string) => `tag:${host},${ctx.forum.startsOn}:${path}`;
  const page = `${ctx.origin}/f/${ctx.forum.slug}/tracker`;
  const entries = items.flatMap((item) => describe(item, L).map((e) => ({ item, ...e })));
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
  const updated = entries[0]?.at ?? items.map((i) => i.createdAt).sort().at(-1) ?? `${ctx.forum.startsOn}T00:00:00Z`;
  const feed = new Feed({
    id: single ? tag(`tracker/item/${items[0]!.id}`) : tag(`tracker/forum/${ctx.forum.id}`),
    title: single ? `${L.itemFeed(items[0]!.number)} — ${forumTitle}` : L.forumFeed(forumTitle),
    description: single ? items[0]!.text : undefined,
    link: single ? `${page}#item-${items[0]!.id}` : page,
    language: ctx.lang,
    updated: new Date(updated),
    generator: 'Birge',
    feedLinks: { atom: ctx.self },
    author: { name: L.organizers(forumTitle) },
    copyright: forumTitle,
  });
  for (const e of entries) {
    feed.addItem({
      id: tag(`tracker/item/${e.item.id}/${e.index}`),
      title: `№${e.item.number}: ${e.headline}`,
      link: `${page}#item-${e.item.id}`,
      date: new Date(e.at),
      description: e.item.text,
      content: [...e.lines, '', e.item.text].join('\n'),
    });
  }
  return feed.atom1();
}

/** One entry per history line: what changed against the state before it (a new item is "new", with nothing set). */
function describe(item: TrackerItemView, L: FeedLabels): { id: string; index: number; at: string; headline: string; lines: string[] }[] {
  let before: Pick<TrackerEntry, 'status' | 'responsibleBody' | 'deadline'> = { status: 'new', responsibleBody: null, deadline: null };
  return item.history.map((h, index) => {
    const lines: string[] = [];
    const heads: string[] = [];
    if (h.status !== before.status) {
      lines.push(`${L.statusChanged}: ${L.status[before.status]} → ${L.status[h.status]}`);
      heads.push(L.status[h.status]);
    }
    if (h.responsibleBody !== before.responsibleBody) {
      lines.push(`${L.responsibleBody}: ${h.responsibleBody ?? L.none}`);
      heads.push(`${L.responsibleBody}: ${h.responsibleBody ?? L.none}`);
    }
    if (h.deadline !== before.deadline) {
      lines.push(`${L.deadline}: ${h.deadline ?? L.none}`);
      heads.push(`${L.deadline}: ${h.deadline ?? L.none}`);
    }
    if (h.note) {
      lines.push(`${L.note}: ${h.note}`);
      if (!heads.length) heads.push(L.note);
    }
    before = h;
    return { id: `${item.id}/${index}`, index, at: h.at, headline: heads.join(' · ') || L.status[h.status], lines };
  });
}
