import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundHandler } from '../../server/http/problem';
import { QUEUES_PATH } from '../../server/recommendations/queues.board';
import { AGENDA_ROUTES } from '../../common/agenda.contract';
import { AUDIT_ROUTES } from '../../common/audit.contract';
import { BROADCAST_ROUTES } from '../../common/broadcast.contract';
import { CAPTIONS_ROUTES } from '../../common/captions.contract';
import { API_DOCUMENTS, type HttpRoute } from '../../common/http-route';
import { ORGANIZATIONS_ROUTES } from '../../common/organizations.contract';
import { PEOPLE_ROUTES } from '../../common/people.contract';
import { POLLS_ROUTES } from '../../common/polls.contract';
import { RATINGS_ROUTES } from '../../common/ratings.contract';
import { RECS_ROUTES } from '../../common/recs.contract';
import { SESSIONS_ROUTES } from '../../common/sessions.contract';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectAsDocumented, openApiOf, type OpenApiDoc } from '../helpers/openapi';

let app: TestApp;
let doc: OpenApiDoc;
beforeAll(async () => {
  app = await startTestApp();
  doc = await openApiOf(app.url);
});
afterAll(() => app.stop());

/** What Express keeps of a mounted layer (router 2: the path as given, or a RegExp). */
interface Layer {
  rawPath: string | RegExp | (string | RegExp)[];
  slash: boolean;
  name: string;
  handle: ((...args: never[]) => unknown) & { stack?: Layer[] };
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: Layer[] };
}

interface Mounts {
  /** `GET /api/forums/{forum}`: every route, in the document's spelling. */
  routes: Set<string>;
  /** Paths handed to a sub-application as a whole (e.g. the queue dashboard). */
  prefixes: string[];
  /** Routes given as a RegExp. */
  patterns: RegExp[];
}

const openApiPath = (p: string) => p.replace(/:([A-Za-z_]+)/g, '{$1}');

/** Walks the Express application as it is mounted, nested routers included. */
function mounted(stack: Layer[], prefix = '', out: Mounts = { routes: new Set(), prefixes: [], patterns: [] }): Mounts {
  for (const layer of stack) {
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const raw of paths) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') {
          out.patterns.push(layer.route.path);
          continue;
        }
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) out.routes.add(`${method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
      } else if (layer.handle.stack) {
        mounted(layer.handle.stack, layer.slash ? prefix : prefix + String(raw), out);
      } else if (!layer.slash && (layer.handle as unknown) !== notFoundHandler) {
        // Middleware on '/' runs for everything (helmet, cookies, the CSRF guard); a function on a path answers that path.
        out.prefixes.push(prefix + String(raw));
      }
    }
  }
  return out;
}

describe('the OpenAPI document and the routes the server mounts', () => {
  const documented = () => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ op: `${m.toUpperCase()} ${p}`, path: p })));

  it('documents every route the server mounts', () => {
    const m = mounted((app.express as unknown as { router: { stack: Layer[] } }).router.stack);
    const ops = new Set(documented().map((d) => d.op));
    expect(m.routes.size).toBeGreaterThan(50);
    expect([...m.routes].filter((r) => !ops.has(r))).toEqual([]);
    const paths = new Set(Object.keys(doc.paths));
    expect(m.prefixes.filter((p) => !paths.has(openApiPath(p)))).toEqual([]);
    // The only pattern route is the web client's shell (client-side routes), which is not the API.
    for (const p of m.patterns) expect(p.source).toContain('(?!\\/api\\/');
  });

  it('mounts every route it documents', () => {
    const m = mounted((app.express as unknown as { router: { stack: Layer[] } }).router.stack);
    const missing = documented().filter((d) => !m.routes.has(d.op) && !m.prefixes.some((p) => openApiPath(p) === d.path));
    expect(missing).toEqual([]);
  });

  it('serves under /api exactly the routes the shared contract declares (what the web client calls through), each once', () => {
    const maps: Record<string, HttpRoute>[] = [AGENDA_ROUTES, AUDIT_ROUTES, BROADCAST_ROUTES, CAPTIONS_ROUTES, ORGANIZATIONS_ROUTES, PEOPLE_ROUTES, POLLS_ROUTES, RATINGS_ROUTES, RECS_ROUTES, SESSIONS_ROUTES];
    const declared = maps.flatMap((m) => Object.values(m)).map((r) => `${r.method.toUpperCase()} ${openApiPath('/api' + r.path)}`);
    expect(declared.length).toBeGreaterThan(60);
    expect(new Set(declared).size).toBe(declared.length);
    // The documents describing the API and the queue dashboard are served beside it, not declared by a domain.
    const beside = new Set<string>([...Object.values(API_DOCUMENTS), '/api' + QUEUES_PATH]);
    const served = documented()
      .filter((d) => d.path.startsWith('/api/') && !beside.has(d.path))
      .map((d) => d.op);
    expect(served.sort()).toEqual(declared.sort());
  });

  it('documents files as 200 with their content types, and only bodiless answers as 204', () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const empty = op.responses['204'];
        if (empty) expect({ op: `${method} ${p}`, content: (empty as { content?: unknown }).content }).toEqual({ op: `${method} ${p}`, content: undefined });
      }
    }
    const types = (p: string) => Object.keys(doc.paths[p]!.get!.responses['200']?.content ?? {});
    expect(types('/api/sessions/{sessionId}/compilations/{revision}/{format}')).toEqual(
      expect.arrayContaining(['application/pdf', 'text/csv; charset=utf-8', 'application/json; charset=utf-8']),
    );
    expect(types('/api/forums/{forumId}/compilations/{revision}/{format}')).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(types('/api/sessions/{sessionId}/audit.csv')).toEqual(['text/csv; charset=utf-8']);
    expect(types('/api/forums/{forum}/tracker.csv')).toEqual(['text/csv; charset=utf-8']);
    expect(types('/api/sessions/{sessionId}/captions/{lang}/{format}')).toEqual(['text/vtt; charset=utf-8', 'text/plain; charset=utf-8']);
    expect(types('/healthz')).toEqual(['application/json']);
    expect(types('/metrics')[0]).toMatch(/^text\/plain/);
  });

  it('answers health, metrics and the document itself as documented', async () => {
    for (const p of ['/healthz', '/metrics', '/api/openapi.json']) {
      const r = await fetch(app.url + p);
      expect({ p, status: r.status }).toEqual({ p, status: 200 });
      await expectAsDocumented(app.url, 'GET', p, r);
    }
  });

  it('defines every figure of a compilation', () => {
    const json = doc.paths['/api/sessions/{sessionId}/compilations/{revision}/{format}']!.get!.responses['200']!.content!['application/json; charset=utf-8']!.schema;
    const figures = (json as { properties: { figures: { properties: Record<string, { description?: string }> } } }).properties.figures.properties;
    expect(Object.keys(figures)).toEqual(expect.arrayContaining(['viewersPeak', 'viewersTotal', 'questionsAsked', 'questionsApproved', 'questionsAnswered', 'recommendationsSubmitted', 'recommendationsGrouped']));
    for (const [name, f] of Object.entries(figures)) expect({ name, described: (f.description ?? '').length > 20 }).toEqual({ name, described: true });
  });
});
