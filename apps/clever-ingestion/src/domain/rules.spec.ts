import { canonicalJson } from '@roster/contracts';
import { contentHash } from './content-hash';
import { cursorAgeSeconds, cursorExpired } from './cursor-policy';
import { parseDistrictTokens } from './district-tokens';
import { shouldHold } from './safeguard';
import { classify, compareEventIds, laterEventId } from './shadow';

describe('safeguard', () => {
  it('holds removals above the threshold of active users, not at it', () => {
    expect(shouldHold({ removals: 25, activeUsers: 100, thresholdPercent: 25 })).toBe(false);
    expect(shouldHold({ removals: 26, activeUsers: 100, thresholdPercent: 25 })).toBe(true);
    expect(shouldHold({ removals: 0, activeUsers: 100, thresholdPercent: 0 })).toBe(false);
    expect(shouldHold({ removals: 1, activeUsers: 1000, thresholdPercent: 0 })).toBe(true);
    expect(shouldHold({ removals: 1000, activeUsers: 1000, thresholdPercent: 100 })).toBe(false);
  });
});

describe('shadow comparison', () => {
  const base = { hash: 'h', version: 4, status: 'active' as const, lastSeenRun: null, sourceEventId: null, forceRepublish: false, republishCount: 0 };
  it('publishes only what changed, with the next version', () => {
    expect(classify(undefined, 'h')).toEqual({ outcome: 'created', version: 1, publish: true });
    expect(classify(base, 'h')).toEqual({ outcome: 'unchanged', version: 4, publish: false });
    expect(classify(base, 'x')).toEqual({ outcome: 'updated', version: 5, publish: true });
    expect(classify({ ...base, status: 'removed' }, 'h')).toEqual({ outcome: 'restored', version: 5, publish: true });
    expect(classify({ ...base, forceRepublish: true }, 'h')).toEqual({ outcome: 'updated', version: 5, publish: true });
  });

  it('orders Clever event ids by the feed', () => {
    expect(compareEventIds('670000000000000000000001', '670000000000000000000002')).toBeLessThan(0);
    expect(compareEventIds('67000000000000000000000A', '670000000000000000000009')).toBeGreaterThan(0);
    expect(compareEventIds('a', 'b')).toBe(1); // not ObjectIDs: never skipped
    expect(laterEventId(null, '670000000000000000000001')).toBe('670000000000000000000001');
    expect(laterEventId('670000000000000000000003', '670000000000000000000001')).toBe('670000000000000000000003');
  });

  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":2,"y":1}]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

describe('events cursor', () => {
  const at = (iso: string) => Math.floor(Date.parse(iso) / 1000).toString(16).padStart(8, '0') + '0000000000000000';
  it('is expired after 29 days by its ObjectID time', () => {
    const now = Date.parse('2026-03-31T00:00:00Z');
    expect(cursorExpired(null, now)).toBe(false);
    expect(cursorExpired(at('2026-03-03T00:00:00Z'), now)).toBe(false);
    expect(cursorExpired(at('2026-03-01T00:00:00Z'), now)).toBe(true);
    expect(cursorAgeSeconds(at('2026-03-30T23:00:00Z'), null, now)).toBe(3600);
  });
});

describe('CLEVER_DISTRICT_TOKENS', () => {
  it('parses districtId:token pairs and never echoes a token in errors', () => {
    expect(parseDistrictTokens(undefined)).toEqual([]);
    expect(parseDistrictTokens(' d1:tok1 , d2:tok:2 ,')).toEqual([
      { districtId: 'd1', accessToken: 'tok1' },
      { districtId: 'd2', accessToken: 'tok:2' },
    ]);
    expect(() => parseDistrictTokens('d1:secret-token,broken-secret')).toThrow('entry 2 is not "districtId:token"');
    try {
      parseDistrictTokens('broken-secret');
    } catch (e) {
      expect(String(e)).not.toContain('broken-secret');
    }
  });
});
