/**
 * Creates an organizer account that may create forums, or sets a new password for one:
 *
 *   npm run organizer -- --email aigerim@example.kz --name "Айгерім Сәтбаева" [--admin]
 *
 * --admin also makes the account a platform administrator (the job queues, health details);
 * run it so for the first account of an installation.
 * The password is read from stdin with --password-stdin, else from ORGANIZER_PASSWORD,
 * else a strong one is generated and printed once. Uses the server's configuration
 * (DATABASE_URL or the embedded store in DATA_DIR) and applies pending migrations.
 */
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { DisplayName } from '../common/people.contract';
import { loadConfig } from '../platform/config';
import { openDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { PeopleService } from '../server/people/people.service';
import { RolesService } from '../server/people/roles.service';
import { IpHasher } from '../server/people/ip-hash';
import { LoginGuard } from '../server/people/login-guard';

const USAGE = `usage: npm run organizer -- --email <email> --name <display name> [--admin] [--password-stdin]
  --admin: also a platform administrator (job queues at /api/admin/queues, /healthz details)
  password: --password-stdin reads it from stdin; else ORGANIZER_PASSWORD; else one is generated and printed`;

const Input = z.object({
  email: z.email('--email must be an email address').max(254),
  name: DisplayName,
  password: z.string().min(10, 'the password must have at least 10 characters').max(200),
});

class UsageError extends Error {}

async function readPassword(fromStdin: boolean, env: string | undefined): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) {
    // One trailing newline is the terminator of `echo` or a here-string, not part of the password.
    return { password: (await text(process.stdin)).replace(/\r?\n$/, ''), generated: false };
  }
  if (env) return { password: env, generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

async function main(): Promise<void> {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        admin: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.email || !args.name) throw new UsageError('--email and --name are required');
  // A command-line entry point, like main.ts: it reads its own inputs, then hands the rest to loadConfig.
  const { password, generated } = await readPassword(args['password-stdin'], process.env.ORGANIZER_PASSWORD);
  const input = Input.safeParse({ email: args.email, name: args.name, password });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));

  const config = loadConfig(process.env);
  const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level, 'organizer');
  const db = await openDb(config, log);
  // ensureOrganizer never touches the login limiter; this client is lazy, so it never connects.
  const redis = new Redis(config.redis.url, { lazyConnect: true });
  try {
    const guard = new LoginGuard(redis, config.redis.prefix, config.security.login, new IpHasher('unused: no sign-in here'));
    const people = new PeopleService(db, new RolesService(db), guard, log);
    const { created } = await people.ensureOrganizer(input.data.email, input.data.password, input.data.name, { admin: args.admin });
    console.log(
      created
        ? `Organizer ${input.data.email} created; they may create forums.`
        : `${input.data.email} already existed: password set, and the account may create forums (its name is unchanged).`,
    );
    if (args.admin) console.log(`${input.data.email} is a platform administrator: the job queues (/api/admin/queues) and /healthz details.`);
    if (generated) console.log(`Password (shown only now): ${input.data.password}`);
    console.log(`Sign in with POST /api/auth/login or on the web page.`);
  } finally {
    redis.disconnect();
    await db.close();
  }
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
