import { refusedProductionSecrets, weakSecretReason } from './secrets';

describe('production secrets', () => {
  it('refuses published defaults and placeholders in production only, naming the variable but never the value', () => {
    const env = {
      NODE_ENV: 'production',
      INTERNAL_AUTH_SECRET: 'local-only-internal-auth-secret-change-me',
      SESSION_SECRET: 'please-CHANGE_ME-0123456789abcdef',
      CLEVER_CLIENT_SECRET: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    };
    const refused = refusedProductionSecrets(env, ['INTERNAL_AUTH_SECRET', 'SESSION_SECRET', 'CLEVER_CLIENT_SECRET']);
    expect(refused).toEqual(['INTERNAL_AUTH_SECRET: it is a default published with Roster', 'SESSION_SECRET: it looks like a placeholder']);
    expect(refused.join()).not.toContain('local-only');
    expect(refusedProductionSecrets({ ...env, NODE_ENV: 'development' }, ['INTERNAL_AUTH_SECRET'])).toEqual([]);
  });

  it('accepts random secrets and refuses low-entropy ones', () => {
    expect(weakSecretReason('3b1f0c9e7a5d4b2c8e6f1a0d9c7b5e3a')).toBeUndefined();
    expect(weakSecretReason('a'.repeat(40))).toMatch(/distinct/);
    expect(weakSecretReason('sandbox-secret')).toMatch(/default/);
  });
});
