import { createHash, randomBytes } from 'node:crypto';

/** A random bearer token for cookies and invite links (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as hashes; SHA-256 suffices because they are random, not guessable. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
