import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export type TokenFailure = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'WRONG_AUDIENCE';

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure) {
    super(`token rejected: ${reason}`);
    this.name = 'TokenError';
  }
}

/** A compact HS256 JWT. The secret never leaves the processes that share it. */
export function signToken(claims: Record<string, unknown>, secret: string, ttlSeconds: number, now = Date.now()): string {
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const iat = Math.floor(now / 1000);
  const payload = b64(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds }));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

export function verifyToken(token: string, secret: string, opts: { audience?: string; now?: number } = {}): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('MALFORMED');
  const [header, payload, sig] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(sig, 'base64url');
  } catch {
    throw new TokenError('MALFORMED');
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('BAD_SIGNATURE');
  let claims: Record<string, unknown>;
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
    if (h.alg !== 'HS256') throw new TokenError('MALFORMED');
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new TokenError('MALFORMED');
  }
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < now) throw new TokenError('EXPIRED');
  if (opts.audience !== undefined) {
    const aud = claims.aud;
    if (!(aud === opts.audience || (Array.isArray(aud) && aud.includes(opts.audience)))) throw new TokenError('WRONG_AUDIENCE');
  }
  return claims;
}
