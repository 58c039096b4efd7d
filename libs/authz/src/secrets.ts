/**
 * Secrets that were ever written down somewhere in this repository or its docs as examples or local defaults.
 * Anyone can read them, so a production process must never run with one (issue 13, item 8).
 */
const PUBLISHED_DEFAULTS = new Set([
  'local-only-internal-auth-secret-change-me',
  'local-only-session-secret-change-me',
  'sandbox-secret',
]);
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|example|placeholder|^(secret|password|changeit)$/i;

/** Why `value` is not acceptable as a production secret, or undefined when it is. */
export function weakSecretReason(value: string): string | undefined {
  if (PUBLISHED_DEFAULTS.has(value)) return 'it is a default published with Roster';
  if (PLACEHOLDER.test(value)) return 'it looks like a placeholder';
  if (new Set(value).size < 8) return 'it has fewer than 8 distinct characters';
  return undefined;
}

/**
 * With NODE_ENV=production, the names of the given secrets that are published defaults or placeholders, each
 * with the reason (never the value). Empty outside production: tests and local modes use fixed secrets.
 */
export function refusedProductionSecrets(env: Record<string, string | undefined>, names: readonly string[]): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return names.flatMap((name) => {
    const value = env[name];
    const reason = value === undefined || value === '' ? undefined : weakSecretReason(value);
    return reason ? [`${name}: ${reason}`] : [];
  });
}
