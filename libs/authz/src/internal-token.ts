import { principalSchema, type Principal } from './principal';
import { signToken, verifyToken, TokenError } from './signed-token';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
const ISSUER = 'roster-gateway';

/**
 * What a service knows about a request the gateway forwards: who is calling (or that it is the system
 * itself, e.g. the embedded sign-in lookup). Services re-check scope from it (defence in depth).
 */
export type Caller = { kind: 'user'; principal: Principal } | { kind: 'system'; name: string };

/** Signs a short-lived token for one call from the gateway to one service. */
export function signInternalToken(caller: Caller, audience: string, secret: string, ttlSeconds = 60): string {
  const claims = caller.kind === 'user' ? { principal: caller.principal } : { system: caller.name };
  return signToken({ ...claims, iss: ISSUER, aud: audience }, secret, ttlSeconds);
}

export function verifyInternalToken(token: string, audience: string, secret: string): Caller {
  const claims = verifyToken(token, secret, { audience });
  if (claims.iss !== ISSUER) throw new TokenError('MALFORMED');
  if (typeof claims.system === 'string') return { kind: 'system', name: claims.system };
  const parsed = principalSchema.safeParse(claims.principal);
  if (!parsed.success) throw new TokenError('MALFORMED');
  return { kind: 'user', principal: parsed.data };
}
