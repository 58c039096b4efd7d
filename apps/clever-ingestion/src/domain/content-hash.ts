import { createHash } from 'node:crypto';
import { canonicalJson } from '@roster/contracts';

/** Content hash of a normalized payload (what the shadow index compares), over its canonical JSON. */
export function contentHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('base64url').slice(0, 32);
}
