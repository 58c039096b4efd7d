import { z } from 'zod';
import { ingestionEnv } from './config';

const base = { DATABASE_URL: 'postgres://u:p@db/ingestion', INTERNAL_AUTH_SECRET: 'x'.repeat(32), CLEVER_CLIENT_ID: 'id', CLEVER_CLIENT_SECRET: 'secret' };

describe('clever-ingestion environment', () => {
  it('applies the documented defaults', () => {
    expect(ingestionEnv.parse(base)).toMatchObject({
      CLEVER_API_BASE_URL: 'https://api.clever.com',
      CLEVER_OAUTH_BASE_URL: 'https://clever.com',
      CLEVER_API_VERSION: 'v3.0',
      CLEVER_EVENTS_POLL_INTERVAL_MS: 60_000,
      CLEVER_FULL_SYNC_CRON: '0 3 * * *',
      CLEVER_SAFEGUARD_THRESHOLD_PERCENT: 25,
    });
  });

  it('fails fast with clear messages', () => {
    const problems = (env: Record<string, string>) => {
      const r = ingestionEnv.safeParse(env);
      return r.success ? '' : z.prettifyError(r.error);
    };
    expect(problems({ ...base, CLEVER_API_VERSION: 'v2.1' })).toContain('CLEVER_API_VERSION must be v3.0 or v3.1');
    expect(problems({ ...base, CLEVER_FULL_SYNC_CRON: 'every night' })).toContain('not a valid cron expression');
    expect(problems({ ...base, CLEVER_EVENTS_POLL_INTERVAL_MS: '10' })).toContain('at least 1000');
    expect(problems({ ...base, CLEVER_API_BASE_URL: 'ftp://x' })).toContain('CLEVER_API_BASE_URL must be an http(s) URL');
    const noCreds = problems({ DATABASE_URL: base.DATABASE_URL, INTERNAL_AUTH_SECRET: base.INTERNAL_AUTH_SECRET });
    expect(noCreds).toContain('CLEVER_DISTRICT_TOKENS');
    const badTokens = problems({ ...base, CLEVER_DISTRICT_TOKENS: 'd1:ok,leaked-secret' });
    expect(badTokens).toContain('CLEVER_DISTRICT_TOKENS must be');
    expect(badTokens).not.toContain('leaked-secret');
  });

  it('accepts static district tokens instead of client credentials', () => {
    expect(ingestionEnv.safeParse({ DATABASE_URL: base.DATABASE_URL, INTERNAL_AUTH_SECRET: base.INTERNAL_AUTH_SECRET, CLEVER_DISTRICT_TOKENS: 'd1:t1' }).success).toBe(true);
  });
});
