import { createHash } from 'node:crypto';

/**
 * `CLEVER_DISTRICT_TOKENS=districtId:token,districtId:token` (testing, or a district connected without
 * token discovery). Tokens are secrets: errors name the position of a bad entry, never its text.
 */
export interface StaticDistrictToken {
  districtId: string;
  accessToken: string;
}

export function parseDistrictTokens(value: string | undefined | null): StaticDistrictToken[] {
  if (!value || value.trim() === '') return [];
  const out = new Map<string, StaticDistrictToken>();
  value.split(',').forEach((part, i) => {
    const entry = part.trim();
    if (entry === '') return;
    const colon = entry.indexOf(':');
    const districtId = colon > 0 ? entry.slice(0, colon).trim() : '';
    const accessToken = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (!districtId || !accessToken || districtId.length > 64) {
      throw new Error(`CLEVER_DISTRICT_TOKENS: entry ${i + 1} is not "districtId:token"`);
    }
    out.set(districtId, { districtId, accessToken });
  });
  return [...out.values()];
}

/** The fingerprint kept of a district token where the token itself must not be (a purged district's). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
