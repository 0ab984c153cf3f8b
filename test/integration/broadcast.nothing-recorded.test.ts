import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { finalizeJobId, RECORDING_QUEUE } from '../../common/broadcast.contract';
import { bullPrefix } from '../../common/jobs';
import { withTestApp } from '../helpers/app';
import { forumWithSession } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';

// MEDIA_ENABLED=false (the test app's default): sessions run without a program, so nothing is recorded.
const { app } = withTestApp();

describe('a session that broadcast nothing', () => {
  it('ends with no recording rather than a failed one: no finalization is asked of the workers', async () => {
    const fx = await forumWithSession(app());
    const sessionId = fx.session.id;
    expect((await fx.org.post(`/api/sessions/${sessionId}/start`)).status).toBe(200);
    expect((await fx.org.get(`/api/sessions/${sessionId}/recording`)).data.state).toBe('live');
    expect((await fx.org.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);

    const rec = await eventually(async () => {
      const r = await fx.org.get(`/api/sessions/${sessionId}/recording`);
      return r.data.state === 'off' && r.data;
    });
    expect(rec).toMatchObject({ state: 'off', error: null, published: false, durationS: null });
    const finalize = new Queue(RECORDING_QUEUE, { connection: { url: app().config.redis.url }, prefix: bullPrefix(app().config.redis.prefix) });
    try {
      expect(await finalize.getJob(finalizeJobId({ sessionId, revision: 1 }))).toBeUndefined();
    } finally {
      await finalize.close();
    }
    // Nothing to trim or publish either.
    expect((await fx.org.patch(`/api/sessions/${sessionId}/recording`, { trimStartS: 5 })).status).toBe(409);
  });
});
