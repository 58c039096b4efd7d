import { randomUUID } from 'node:crypto';
import { signToken } from '@roster/authz';
import { SessionTokens } from './session-tokens';
import { parseCookies, serializeCookie } from './cookies';

const secret = 'session-secret-for-tests-0123456789';

describe('SessionTokens', () => {
  const accountId = randomUUID();

  it('issues session and bearer tokens holding only the account id, an id (jti) and the issue time', () => {
    const tokens = new SessionTokens(secret);
    const session = tokens.issue('session', accountId);
    const claims = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iat_ms', 'iss', 'jti', 'sub']);
    expect(Math.floor((claims.iat_ms as number) / 1000)).toBe(claims.iat);
    expect(tokens.verify('session', session.token)).toEqual({
      ok: true,
      accountId,
      sessionId: session.sessionId,
      issuedAtMs: claims.iat_ms,
      expiresAt: session.expiresAt,
    });
    expect(session.ttlSeconds).toBe(8 * 3600);
    const access = tokens.issue('access', accountId);
    expect(access.ttlSeconds).toBe(3600);
    expect(access.sessionId).not.toBe(session.sessionId);
    expect(tokens.verify('access', access.token)).toMatchObject({ ok: true, accountId, sessionId: access.sessionId });
  });

  it('refuses a session or token without an id (it could not be revoked)', () => {
    const token = signToken({ sub: accountId, aud: 'roster-session', iss: 'roster-gateway-auth' }, secret, 60);
    expect(new SessionTokens(secret).verify('session', token)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('never accepts one kind as another', () => {
    const tokens = new SessionTokens(secret);
    expect(tokens.verify('access', tokens.issue('session', accountId).token)).toEqual({ ok: false, reason: 'WRONG_AUDIENCE' });
    expect(tokens.verify('session', tokens.issue('access', accountId).token)).toEqual({ ok: false, reason: 'WRONG_AUDIENCE' });
  });

  it('rejects expired, forged, tampered and malformed tokens', () => {
    let now = Date.now();
    const tokens = new SessionTokens(secret, { sessionTtlSeconds: 60, now: () => now });
    const token = tokens.issue('session', accountId).token;
    now += 61_000;
    expect(tokens.verify('session', token)).toEqual({ ok: false, reason: 'EXPIRED' });

    const other = new SessionTokens('another-secret-of-enough-length-xx');
    expect(tokens.verify('session', other.issue('session', accountId).token)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });

    const fresh = new SessionTokens(secret).issue('session', accountId).token;
    const [h, , s] = fresh.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: randomUUID(), aud: 'roster-session', iss: 'roster-gateway-auth', exp: 9e9 })).toString('base64url');
    expect(new SessionTokens(secret).verify('session', `${h}.${forgedPayload}.${s}`)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });

    for (const garbage of ['', 'abc', 'a.b.c', `${h}.${s}`]) {
      expect(new SessionTokens(secret).verify('session', garbage).ok).toBe(false);
    }
  });

  it('refuses a validly signed token that is not ours (internal token shape, wrong issuer, no account id)', () => {
    const tokens = new SessionTokens(secret);
    const wrongIssuer = signToken({ sub: accountId, aud: 'roster-session', iss: 'roster-gateway' }, secret, 60);
    expect(tokens.verify('session', wrongIssuer)).toEqual({ ok: false, reason: 'MALFORMED' });
    const noSub = signToken({ aud: 'roster-session', iss: 'roster-gateway-auth' }, secret, 60);
    expect(tokens.verify('session', noSub)).toEqual({ ok: false, reason: 'MALFORMED' });
    const notUuid = signToken({ sub: 'admin', aud: 'roster-session', iss: 'roster-gateway-auth' }, secret, 60);
    expect(tokens.verify('session', notUuid)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('binds the OAuth state to the cookie that carried it', () => {
    let now = Date.now();
    const tokens = new SessionTokens(secret, { stateTtlSeconds: 600, now: () => now });
    const { state, cookie } = tokens.issueState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tokens.verifyState(cookie, state)).toBe(true);
    expect(tokens.verifyState(cookie, `${state}x`)).toBe(false);
    expect(tokens.verifyState(undefined, state)).toBe(false);
    expect(tokens.verifyState(cookie, undefined)).toBe(false);
    expect(tokens.verifyState(tokens.issueState().cookie, state)).toBe(false);
    expect(tokens.verifyState(tokens.issue('session', accountId).token, state)).toBe(false);
    now += 601_000;
    expect(tokens.verifyState(cookie, state)).toBe(false);
  });

  it('needs a real secret', () => {
    expect(() => new SessionTokens('short')).toThrow();
  });
});

describe('cookies', () => {
  it('serialises an HttpOnly, SameSite=Lax cookie, Secure on request, and clears it', () => {
    expect(serializeCookie('roster_session', 'a.b.c', { maxAgeSeconds: 3600 })).toBe('roster_session=a.b.c; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax');
    expect(serializeCookie('s', 'v', { secure: true, path: '/api' })).toBe('s=v; Path=/api; HttpOnly; Secure; SameSite=Lax');
    expect(serializeCookie('s', '', { maxAgeSeconds: 0 })).toContain('Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(() => serializeCookie('bad name', 'v')).toThrow();
  });

  it('parses a Cookie header: first occurrence wins, junk is skipped', () => {
    expect(parseCookies('a=1; b=two%20words; a=3; junk; =x; c="q"')).toEqual({ a: '1', b: 'two words', c: 'q' });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies('bad=%E0%A4%A')).toEqual({ bad: '%E0%A4%A' });
  });
});
