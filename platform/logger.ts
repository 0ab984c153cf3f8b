import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'sessionSecret',
  '*.sessionSecret',
  'DATABASE_URL',
  '*.DATABASE_URL',
];

/** `destination` defaults to stdout; pass one to write other output (a banner) in order with the log lines. */
export function createLogger(level: string, name = 'birge', destination?: DestinationStream): Logger {
  const opts = { name, level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(opts, destination) : pino(opts);
}

/**
 * Where a process's log lines go: JSON lines on stdout, or, for a person at a terminal
 * outside production (`npm run demo`, `npm run dev`), pino-pretty's coloured lines. Text
 * that is not a log line (the demo banner) passes through either unchanged. pino-pretty is
 * loaded only then, so production never loads it.
 */
export async function logDestination(o: { terminal: boolean; production: boolean }): Promise<DestinationStream> {
  if (!o.terminal || o.production) return pino.destination(1);
  const { default: pretty } = await import('pino-pretty');
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: 1 });
}

/** Strips user:password from a connection URL before it is logged or shown. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
