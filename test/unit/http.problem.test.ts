import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { problemHandler } from '../../server/http/problem';
import { createLogger } from '../../platform/logger';

const logged: { msg: string }[] = [];
const log = createLogger('error', 'test', { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
const app = express();
app.get('/refused', () => {
  throw new AppError('forbidden', 'not yours');
});
app.get('/midway', (_req, res, next) => {
  res.status(200).setHeader('content-length', '1000');
  res.write('the first part of a file');
  setImmediate(() => next(new Error('the store went away')));
});
app.use(problemHandler(log));
let server: Server;
const listening = new Promise<number>((resolve) => {
  server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
});
afterAll(() => new Promise((r) => server.close(r)));

/** Status, the body as far as it came, and whether the connection was cut. */
async function get(path: string): Promise<{ status: number; body: string; cut: boolean }> {
  const req = request({ host: '127.0.0.1', port: await listening, path });
  req.end();
  const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
  let body = '';
  res.setEncoding('utf8').on('data', (d: string) => (body += d));
  const cut = await new Promise<boolean>((resolve) => {
    res.on('end', () => resolve(false));
    res.on('aborted', () => resolve(true));
    res.on('error', () => resolve(true));
  });
  return { status: res.statusCode!, body, cut };
}

describe('the HTTP error handler', () => {
  it('answers an AppError as problem+json with its status', async () => {
    const r = await get('/refused');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'forbidden', detail: 'not yours', status: 403 });
  });

  it('cuts off an answer that failed midway instead of ending it as if it were whole, and logs why', async () => {
    const r = await get('/midway');
    expect(r).toEqual({ status: 200, body: 'the first part of a file', cut: true });
    expect(logged.map((l) => l.msg)).toContain('failed after the answer began');
  });
});
