import { gatewayEnvSchema, optionsFromEnv } from './config';

const base = {
  IDENTITY_URL: 'http://identity:3000',
  CLASSES_URL: 'http://classes:3000',
  INGESTION_URL: 'http://clever-ingestion:3000',
  INTERNAL_AUTH_SECRET: 'i'.repeat(32),
  SESSION_SECRET: 's'.repeat(32),
};

const issues = (env: Record<string, string>) => {
  const result = gatewayEnvSchema.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('gateway environment', () => {
  it('defaults to Clever sign-in, which needs its client and the public URL', () => {
    expect(issues(base)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CLEVER_CLIENT_ID/), expect.stringMatching(/^CLEVER_CLIENT_SECRET/), expect.stringMatching(/^PUBLIC_BASE_URL/)]),
    );
    const env = gatewayEnvSchema.parse({ ...base, CLEVER_CLIENT_ID: 'id', CLEVER_CLIENT_SECRET: 'secret', PUBLIC_BASE_URL: 'https://roster.example.com', CLEVER_API_VERSION: 'v3.1' });
    const options = optionsFromEnv(env);
    expect(options).toMatchObject({
      authMode: 'clever',
      clever: { oauthBaseUrl: 'https://clever.com', apiBaseUrl: 'https://api.clever.com', clientId: 'id', clientSecret: 'secret' },
      publicBaseUrl: 'https://roster.example.com',
      corsOrigins: [],
      trustProxy: false,
      rateLimit: { perMinute: 600 },
    });
  });

  it('refuses AUTH_MODE=dev unless ROSTER_EMBEDDED=1 or NODE_ENV=development', () => {
    expect(issues({ ...base, AUTH_MODE: 'dev' })).toEqual([expect.stringMatching(/^AUTH_MODE: AUTH_MODE=dev is refused/)]);
    expect(issues({ ...base, AUTH_MODE: 'dev', NODE_ENV: 'production' })).toHaveLength(1);
    expect(issues({ ...base, AUTH_MODE: 'dev', ROSTER_EMBEDDED: '1' })).toEqual([]);
    const env = gatewayEnvSchema.parse({ ...base, AUTH_MODE: 'dev', NODE_ENV: 'development', PORT: '4000' });
    expect(optionsFromEnv(env)).toMatchObject({ authMode: 'dev', clever: undefined, publicBaseUrl: 'http://localhost:4000' });
  });

  it('names every problem: short or shared secrets, bad URLs, bad CORS origins', () => {
    const found = issues({ ...base, AUTH_MODE: 'dev', ROSTER_EMBEDDED: '1', SESSION_SECRET: 'i'.repeat(32), IDENTITY_URL: 'ftp://x', CORS_ORIGINS: 'https://ok.example, nope', INTERNAL_AUTH_SECRET: 'i'.repeat(32) });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^SESSION_SECRET: must differ/), expect.stringMatching(/^IDENTITY_URL/), expect.stringMatching(/^CORS_ORIGINS/)]));
    expect(issues({ ...base, AUTH_MODE: 'dev', ROSTER_EMBEDDED: '1', SESSION_SECRET: 'short' })).toEqual([expect.stringMatching(/^SESSION_SECRET/)]);
  });

  it('parses CORS_ORIGINS and TRUST_PROXY', () => {
    const env = gatewayEnvSchema.parse({ ...base, AUTH_MODE: 'dev', ROSTER_EMBEDDED: '1', CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: '1' });
    expect(optionsFromEnv(env)).toMatchObject({ corsOrigins: ['https://a.example', 'https://b.example'], trustProxy: 1 });
  });
});
