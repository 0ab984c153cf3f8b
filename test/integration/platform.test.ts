import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { admin, citizen, forumWithSession, organizer } from '../helpers/factories';
import { Client } from '../helpers/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
}

describe('health and metrics', () => {
  it('reports the database and Redis as healthy on /healthz to an administrator', async () => {
    const r = await (await admin(app)).get('/healthz');
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ ok: true, database: { ok: true, kind: 'postgres' }, redis: { ok: true }, recommendations: { ok: true } });
  });

  it('tells anyone but an administrator only the status on /healthz: no versions, paths or process ids', async () => {
    for (const who of [new Client(app.url), await citizen(app), await organizer(app)]) {
      const r = await who.get('/healthz');
      expect(r.status).toBe(200);
      expect(r.data).toEqual({ ok: true });
    }
  });

  it('counts request durations by route for Prometheus on /metrics', async () => {
    const c = new Client(app.url);
    await c.get('/api/forums');
    const r = await c.get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = r.data.toString('utf8');
    expect(text).toContain('# TYPE birge_http_request_duration_seconds histogram');
    expect(text).toMatch(/birge_http_request_duration_seconds_count\{method="GET",route="\/forums",status="200"\} [1-9]/);
    expect(text).toContain('process_cpu_seconds_total');
  });
});

describe('health when Redis is gone', () => {
  it('answers 503 and names Redis as the failing part', async () => {
    const broken = await startTestApp();
    try {
      const root = await admin(broken);
      broken.core.redis.disconnect();
      const r = await root.get('/healthz');
      expect(r.status).toBe(503);
      expect(r.data).toMatchObject({ ok: false, database: { ok: true }, redis: { ok: false } });
      expect(r.data.redis.error).toEqual(expect.any(String));
      const anonymous = await new Client(broken.url).get('/healthz');
      expect(anonymous.status).toBe(503);
      expect(anonymous.data).toEqual({ ok: false });
    } finally {
      await broken.stop();
    }
  });
});

describe('the API document', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    doc = (await new Client(app.url).get('/api/openapi.json')).data;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('documents every agenda and people route', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /api/forums',
        'POST /api/forums',
        'GET /api/forums/{forum}',
        'PATCH /api/forums/{forumId}',
        'POST /api/forums/{forumId}/platforms',
        'PATCH /api/platforms/{platformId}',
        'POST /api/forums/{forumId}/sessions',
        'GET /api/sessions/{sessionId}',
        'PATCH /api/sessions/{sessionId}',
        'POST /api/sessions/{sessionId}/{action}',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'PUT /api/me/name',
        'POST /api/forums/{forumId}/invites',
        'POST /api/invites/accept',
      ]),
    );
  });

  it('declares each path parameter it uses', () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name).sort();
        expect({ op: `${method} ${p}`, params: declared }).toEqual({ op: `${method} ${p}`, params: inPath });
      }
    }
  });

  it('describes the agenda the server actually sends', async () => {
    const fx = await forumWithSession(app);
    const agenda = (await (await citizen(app)).get(`/api/forums/${fx.forum.slug}`)).data;
    const op = doc.paths['/api/forums/{forum}']!.get!;
    const schema = (op.responses['200'] as { content: { 'application/json': { schema: unknown } } }).content['application/json'].schema;
    // The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1); check the live answer against them.
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020({ strict: false }).compile(schema as object);
    expect(validate(agenda) ? [] : validate.errors).toEqual([]);
  });
});
