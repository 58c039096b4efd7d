/**
 * `npm start` — the whole product in one process (embedded mode). `npm start -- --reset` starts fresh.
 * Environment: PORT (3000), HOST (127.0.0.1), AUTH_MODE (dev over the sandbox, clever over CLEVER_API_BASE_URL; dev only on
 * a loopback HOST), MANAGEMENT_PORT (0: a free port; health and metrics, always on 127.0.0.1), LOG_LEVEL (warn), ROSTER_DATA_DIR (.data/embedded), and CLEVER_API_BASE_URL with CLEVER_OAUTH_BASE_URL,
 * CLEVER_CLIENT_ID, CLEVER_CLIENT_SECRET (or CLEVER_DISTRICT_TOKENS) to sync from that Clever instead of
 * the built-in sandbox.
 */
import { z } from 'zod';
import { resolveAuthMode } from './auth-mode';
import { startEmbedded, type Embedded } from './embedded';

const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    /** The gateway's /health/* and /metrics, on 127.0.0.1 only whatever HOST is (0: a free port). */
    MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    AUTH_MODE: z.enum(['dev', 'clever']).optional(),
    LOG_LEVEL: z.string().default('warn'),
    CLEVER_API_BASE_URL: z.url().optional(),
    CLEVER_OAUTH_BASE_URL: z.url().optional(),
    CLEVER_CLIENT_ID: z.string().optional(),
    CLEVER_CLIENT_SECRET: z.string().optional(),
    CLEVER_DISTRICT_TOKENS: z.string().optional(),
    CLEVER_API_VERSION: z.enum(['v3.0', 'v3.1']).optional(),
    CLEVER_EVENTS_POLL_INTERVAL_MS: z.coerce.number().int().min(500).optional(),
    SANDBOX_USERS: z.coerce.number().int().min(10).optional(),
    ROSTER_DATA_DIR: z.string().optional(),
    /** Requests per minute per signed-in caller at the gateway (its default, 600, when unset). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.CLEVER_API_BASE_URL && !e.CLEVER_DISTRICT_TOKENS && !(e.CLEVER_CLIENT_ID && e.CLEVER_CLIENT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['CLEVER_CLIENT_ID'], message: 'with CLEVER_API_BASE_URL, set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET, or CLEVER_DISTRICT_TOKENS' });
    }
  });

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const parsed = env.safeParse(process.env);
  if (!parsed.success) {
    process.stderr.write(`Configuration error:\n${z.prettifyError(parsed.error)}\n`);
    process.exit(2);
  }
  const e = parsed.data;
  let authMode: ReturnType<typeof resolveAuthMode>;
  try {
    authMode = resolveAuthMode({ requested: e.AUTH_MODE, externalClever: e.CLEVER_API_BASE_URL !== undefined, host: e.HOST });
  } catch (error) {
    process.stderr.write(`Configuration error: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (authMode === 'clever' && !(e.CLEVER_CLIENT_ID && e.CLEVER_CLIENT_SECRET) && e.CLEVER_API_BASE_URL) {
    process.stderr.write('Configuration error: Clever sign-in (AUTH_MODE=clever) needs CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET\n');
    process.exit(2);
  }
  const reset = process.argv.includes('--reset');
  say(`Roster — embedded mode${reset ? ' (fresh start: --reset)' : ''}`);
  let embedded: Embedded;
  try {
    embedded = await startEmbedded({
      port: e.PORT,
      host: e.HOST,
      managementPort: e.MANAGEMENT_PORT,
      authMode,
      reset,
      dataDir: e.ROSTER_DATA_DIR,
      logLevel: e.LOG_LEVEL,
      sandboxUsers: e.SANDBOX_USERS,
      eventsPollIntervalMs: e.CLEVER_EVENTS_POLL_INTERVAL_MS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      clever: e.CLEVER_API_BASE_URL
        ? {
            apiBaseUrl: e.CLEVER_API_BASE_URL,
            oauthBaseUrl: e.CLEVER_OAUTH_BASE_URL ?? 'https://clever.com',
            clientId: e.CLEVER_CLIENT_ID,
            clientSecret: e.CLEVER_CLIENT_SECRET,
            districtTokens: e.CLEVER_DISTRICT_TOKENS,
            apiVersion: e.CLEVER_API_VERSION,
          }
        : undefined,
      onProgress: (line) => say(`  ${line}`),
    });
  } catch (error) {
    process.stderr.write(`Roster could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  say('');
  say(`  Admin UI and API:  ${embedded.url}   (API docs: ${embedded.url}/api/docs)`);
  say(`  Health, metrics:   ${embedded.managementUrl}/health/ready, ${embedded.managementUrl}/metrics   (this machine only)`);
  say(embedded.sandboxUrl ? `  Clever sandbox:    ${embedded.sandboxUrl}  (demo district, client sandbox-client / sandbox-secret)` : `  Clever:            ${e.CLEVER_API_BASE_URL}`);
  if (authMode === 'dev') {
    say('  Sign in:           open the URL and pick a demo user — a district admin sees everything,');
    say('                     a school admin or teacher sees their schools (dev sign-in, AUTH_MODE=dev, this machine only).');
  } else {
    say('  Sign in:           open the URL and log in with Clever (AUTH_MODE=clever).');
  }
  say('  Stop:              Ctrl-C (data is kept in .data/embedded; `npm start -- --reset` starts fresh)');
  say('');
  void embedded.firstSyncComplete.then(({ districts, ms }) => say(`  first sync complete: ${districts} district(s) in ${(ms / 1000).toFixed(1)} s — ready`));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await embedded.stop();
    say('stopped (PostgreSQL shut down)');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
