/**
 * Clever ids are Mongo ObjectIDs: 4 bytes of creation time (seconds) then 8 bytes that make them unique.
 * Lists are sorted by id, so the emulator needs ids that ascend in creation order and that can be
 * computed for record i of a generated district without materialising records 0..i-1.
 *
 * Layout used here: 8 hex of seconds | 6 hex "machine" (from the seed, so two sandboxes with different
 * seeds don't collide) | 10 hex of a sandbox-wide sequence. Comparing two ids as strings compares
 * (seconds, sequence), which is creation order as long as seconds never go backwards.
 */
export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;

const SEQUENCE_DIGITS = 10;
const MAX_SEQUENCE = 16 ** SEQUENCE_DIGITS;

export function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

export function objectIdPrefix(seconds: number, machine: number): string {
  return hex(seconds >>> 0, 8) + hex(machine & 0xffffff, 6);
}

export function objectId(prefix: string, sequence: number): string {
  if (sequence < 0 || sequence >= MAX_SEQUENCE) throw new RangeError('ObjectID sequence out of range');
  return prefix + hex(sequence, SEQUENCE_DIGITS);
}

/** Seconds since the epoch encoded in an ObjectID (its first 4 bytes). */
export function objectIdSeconds(id: string): number {
  return parseInt(id.slice(0, 8), 16);
}

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

/**
 * Hands out ids in creation order. `reserve(n)` gives a block of n consecutive sequence numbers that
 * share one timestamp: generated districts use it so user i's id is `prefix + (base + i)`.
 */
export class ObjectIdAllocator {
  private nextSequence = 1;
  private lastSeconds = 0;

  constructor(private readonly machine: number) {}

  /** A single id stamped with `nowMs` (never earlier than any id handed out before). */
  next(nowMs: number): string {
    const block = this.reserve(1, nowMs);
    return objectId(block.prefix, block.base);
  }

  reserve(count: number, nowMs: number): { prefix: string; base: number; seconds: number } {
    const seconds = Math.max(this.lastSeconds, Math.floor(nowMs / 1000));
    this.lastSeconds = seconds;
    const base = this.nextSequence;
    this.nextSequence += count;
    if (this.nextSequence >= MAX_SEQUENCE) throw new RangeError('ObjectID sequence exhausted');
    return { prefix: objectIdPrefix(seconds, this.machine), base, seconds };
  }
}
