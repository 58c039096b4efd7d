import { isIP } from 'node:net';

export type AuthMode = 'dev' | 'clever';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}

/**
 * How `npm start` signs people in (issue 13, item 6). Over the built-in sandbox the dev sign-in is the demo's
 * point; over a real Clever (CLEVER_API_BASE_URL) it would let anyone pick a district admin, so the default there
 * is Clever sign-in. `AUTH_MODE=dev` may still be asked for explicitly (a Clever stand-in), but dev sign-in never
 * listens beyond this machine.
 */
export function resolveAuthMode(options: { requested?: AuthMode; externalClever: boolean; host: string }): AuthMode {
  const mode = options.requested ?? (options.externalClever ? 'clever' : 'dev');
  if (mode === 'dev' && !isLoopbackHost(options.host)) {
    throw new Error(
      `dev sign-in (AUTH_MODE=dev) lets anyone sign in as any user, so it only listens on a loopback address; HOST is ${options.host}. ` +
        'Use HOST=127.0.0.1, or AUTH_MODE=clever with CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET.',
    );
  }
  return mode;
}
