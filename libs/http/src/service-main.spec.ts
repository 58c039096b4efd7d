import { z } from 'zod';
import { parseEnv } from './service-main';

const schema = z.object({ INTERNAL_AUTH_SECRET: z.string().min(16) });

describe('parseEnv', () => {
  it('refuses a published default secret in production, naming the variable and not the value', () => {
    const env = { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'local-only-internal-auth-secret-change-me' };
    let error: unknown;
    try {
      parseEnv(schema, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    const text = z.prettifyError(error as z.ZodError);
    expect(text).toContain('INTERNAL_AUTH_SECRET: it is a default published with Roster');
    expect(text).not.toContain('local-only-internal');
  });

  it('accepts the same value outside production (tests, local modes) and a random secret in production', () => {
    expect(parseEnv(schema, { INTERNAL_AUTH_SECRET: 'local-only-internal-auth-secret-change-me' })).toEqual({ INTERNAL_AUTH_SECRET: 'local-only-internal-auth-secret-change-me' });
    expect(parseEnv(schema, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: '6f1c0e9a8b7d5c4e3f2a1b0c9d8e7f6a' }).INTERNAL_AUTH_SECRET).toHaveLength(32);
  });
});
