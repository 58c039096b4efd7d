/**
 * Runs the Clever sandbox on its own.
 *
 *   PORT                 listen port (default 3100)
 *   HOST                 listen address (default 127.0.0.1)
 *   SANDBOX_SEED         seed for all generated data (default "roster")
 *   SANDBOX_USERS        size of the generated district in users (default: the demo district)
 *   SANDBOX_DISTRICTS    how many districts of that shape (default 1)
 *   SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET   app credentials (default sandbox-client / sandbox-secret)
 *
 * Prints the base URL, the client credentials and each district's token; no personal data.
 */
import { createSandbox, type DistrictSpec } from '@roster/clever-sandbox';

function intFromEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const port = intFromEnv('PORT', 3100)!;
  const users = intFromEnv('SANDBOX_USERS', undefined);
  const districtCount = Math.max(1, intFromEnv('SANDBOX_DISTRICTS', 1)!);
  const spec: DistrictSpec = users === undefined ? { preset: 'demo' } : { users };
  const sandbox = createSandbox({
    seed: process.env.SANDBOX_SEED || 'roster',
    clientId: process.env.SANDBOX_CLIENT_ID || undefined,
    clientSecret: process.env.SANDBOX_CLIENT_SECRET || undefined,
    host: process.env.HOST || '127.0.0.1',
    districts: Array.from({ length: districtCount }, () => spec),
  });
  const { url } = await sandbox.start(port);
  const lines = [
    `Clever sandbox listening on ${url}`,
    `  CLEVER_API_BASE_URL=${url}  CLEVER_OAUTH_BASE_URL=${url}`,
    `  CLEVER_CLIENT_ID=${sandbox.clientId}  CLEVER_CLIENT_SECRET=${sandbox.clientSecret}`,
  ];
  for (const d of sandbox.admin.districts()) {
    const c = sandbox.admin.counts(d.id);
    lines.push(
      `  district ${d.id} token ${d.token}: ${c.users} users (${c.students} students, ${c.teachers} teachers, ` +
        `${c.staff} staff, ${c.districtAdmins} district admins, ${c.contacts} contacts), ${c.schools} schools, ${c.sections} sections`,
    );
  }
  lines.push(`  admin API: ${url}/__sandbox/districts`);
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => {
    sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`clever-sandbox failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
