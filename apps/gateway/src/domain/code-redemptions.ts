import { createHash, timingSafeEqual } from 'node:crypto';
import { TtlCache } from './ttl-cache';

/**
 * "Log in with Clever" codes redeemed by this gateway process, each bound to the browser that redeemed it
 * (issue 13, sign-in code replay): the binding is a hash of the OAuth `state` and of the browser's signed
 * state cookie. A repeated callback with the same code and the same binding (a double click; Clever asks
 * callbacks to be idempotent) gets the first outcome again — the same session, not a second one; the same
 * code with any other binding is a replay and gets nothing.
 *
 * Why a per-process cache is enough with several gateway replicas: the cache is the only place a
 * redeemed code's outcome lives, and it answers only the binding the code was redeemed for. A replica
 * that has not seen the code asks Clever to exchange it, and Clever redeems an authorization code at
 * most once (RFC 6749 §4.1.2; clever-api.md §4.3), so a code replayed against another replica is
 * refused by Clever (OAUTH_CODE_REJECTED). No replica ever serves a cached identity to another state.
 */
export class CodeRedemptions<T> {
  private readonly redeemed: TtlCache<string, { binding: Buffer; outcome: Promise<T> }>;

  constructor(ttlMs = 120_000, maxEntries = 5_000) {
    this.redeemed = new TtlCache(ttlMs, maxEntries);
  }

  /**
   * The outcome of redeeming `code` for this browser (`state` + `stateCookie`): `redeem()` runs only for
   * the first use of the code; a repeat with the same binding shares its outcome; another binding is a
   * replay (`{ replay: true }`, `redeem` is not called).
   */
  redeem(code: string, state: string, stateCookie: string, redeem: () => Promise<T>): { replay: true } | { replay: false; repeat: boolean; outcome: Promise<T> } {
    const key = digest(code).toString('base64url');
    const binding = digest(`${state}\u0000${stateCookie}`);
    const known = this.redeemed.get(key);
    if (known) {
      if (!timingSafeEqual(known.binding, binding)) return { replay: true };
      return { replay: false, repeat: true, outcome: known.outcome };
    }
    const outcome = redeem();
    outcome.catch(() => undefined);
    this.redeemed.set(key, { binding, outcome });
    return { replay: false, repeat: false, outcome };
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
