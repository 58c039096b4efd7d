import { principalSchema, type Principal } from './principal';
import { signToken, verifyToken, TokenError } from './signed-token';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
const ISSUER = 'roster-gateway';

/**
 * What a service knows about a request the gateway forwards: who is calling (or that it is the system
 * itself, e.g. the embedded sign-in lookup). Services re-check scope from it (defence in depth).
 */
export type Caller = { kind: 'user'; principal: Principal } | { kind: 'system'; name: string } | { kind: 'operator'; name: string };

/**
 * Platform operators' tools (the district purge) sign with their own issuer: a token the gateway signs
 * (`signInternalToken` never produces this kind) can never be an operator's, and operator endpoints ask
 * the policy (`operatorCaller`) for exactly this kind. Same secret as the internal tokens: whoever holds
 * INTERNAL_AUTH_SECRET is already trusted by every service.
 */
const OPERATOR_ISSUER = 'roster-operator';

/** Signs a short-lived token for one call from the gateway to one service. */
export function signInternalToken(caller: Caller, audience: string, secret: string, ttlSeconds = 60): string {
  if (caller.kind === 'operator') return signOperatorToken(caller.name, audience, secret, ttlSeconds);
  const claims = caller.kind === 'user' ? { principal: caller.principal } : { system: caller.name };
  return signToken({ ...claims, iss: ISSUER, aud: audience }, secret, ttlSeconds);
}

/** Signs a short-lived token for an operator's tool (`name`: who, for the records) calling one service. */
export function signOperatorToken(name: string, audience: string, secret: string, ttlSeconds = 300): string {
  return signToken({ operator: name, iss: OPERATOR_ISSUER, aud: audience }, secret, ttlSeconds);
}

export function verifyInternalToken(token: string, audience: string, secret: string): Caller {
  const claims = verifyToken(token, secret, { audience });
  if (claims.iss === OPERATOR_ISSUER) {
    if (typeof claims.operator !== 'string' || !claims.operator) throw new TokenError('MALFORMED');
    return { kind: 'operator', name: claims.operator };
  }
  if (claims.iss !== ISSUER) throw new TokenError('MALFORMED');
  if (typeof claims.system === 'string') return { kind: 'system', name: claims.system };
  const parsed = principalSchema.safeParse(claims.principal);
  if (!parsed.success) throw new TokenError('MALFORMED');
  return { kind: 'user', principal: parsed.data };
}
