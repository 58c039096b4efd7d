/**
 * The sandbox's notion of "now": an injectable base clock plus an offset the admin API can advance,
 * so tests can age events past the retention window or roll a rate-limit window without waiting.
 */
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}
