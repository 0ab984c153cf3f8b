import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs locally with no environment at all', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.db.url).toBeUndefined();
    expect(c.db.embeddedDir).toBe(path.resolve('data', 'pglite'));
    expect(c.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'birge', autostart: true });
    expect(c.security.sessionSecret).toBeUndefined();
  });

  it('reads and converts every kind of value', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://birge:s3cret@db:5432/birge',
      REDIS_URL: 'rediss://cache:6380',
      REDIS_AUTOSTART: 'no',
      DATA_DIR: '/var/lib/birge',
      COMPILE_SIMILARITY_THRESHOLD: '0.75',
    });
    expect(c.http.port).toBe(8080);
    expect(c.db.url).toBe('postgres://birge:s3cret@db:5432/birge');
    expect(c.redis.autostart).toBe(false);
    expect(c.compile).toMatchObject({ similarityThreshold: 0.75 });
    expect(c.db.embeddedDir).toBe('/var/lib/birge/pglite');
  });

  it('treats empty values as unset, as docker-compose writes them', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ http: { port: 3000 }, db: { url: undefined } });
  });

  it('lists every problem of a bad environment at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/birge',
      REDIS_URL: 'http://cache',
      REDIS_AUTOSTART: 'maybe',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'not a url',
      MEDIA_RTC_MIN_PORT: '50000',
      MEDIA_RTC_MAX_PORT: '40000',
    });
    const named = problems.map((p) => p.split(':')[0]);
    expect(named.sort()).toEqual(
      ['DATABASE_URL', 'LOG_LEVEL', 'MEDIA_RTC_MIN_PORT', 'PORT', 'PUBLIC_URL', 'REDIS_AUTOSTART', 'REDIS_URL', 'SESSION_SECRET'].sort(),
    );
    expect(problems).toContain('SESSION_SECRET: required in production');
  });

  it('says what is wrong, in a message fit for a terminal', () => {
    try {
      loadConfig({ SESSION_SECRET: 'short', PORT: '70000' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/^invalid configuration:\n {2}- /);
      expect((e as Error).message).toContain('SESSION_SECRET: must be at least 32 characters');
      expect((e as Error).message).toMatch(/PORT: .*65535/);
    }
  });

  it('requires a session secret in production only', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['SESSION_SECRET: required in production']);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).security.sessionSecret).toHaveLength(32);
  });

  it('returns a frozen object', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
  });
});
