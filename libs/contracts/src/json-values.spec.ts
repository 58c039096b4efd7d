import { canonicalJson, compact, isoTime } from './json-values';

describe('JSON value helpers', () => {
  it('writes one text per content: keys sorted at every depth, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }, undefined], c: undefined } })).toBe('{"a":{"d":[1,{"x":2,"y":1},null]},"b":1}');
    expect(canonicalJson({ a: 'é"\n' })).toBe(JSON.stringify({ a: 'é"\n' }));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('drops undefined members without touching the original', () => {
    const original = { a: 1, b: undefined, c: null };
    expect(compact(original)).toEqual({ a: 1, c: null });
    expect(Object.keys(compact(original))).toEqual(['a', 'c']);
    expect('b' in original).toBe(true);
  });

  it('writes database timestamps as ISO 8601 and keeps null as null', () => {
    expect(isoTime(new Date(Date.UTC(2026, 11, 3, 8, 0, 0)))).toBe('2026-12-03T08:00:00.000Z');
    expect(isoTime('2026-12-03 09:30:00+01')).toBe('2026-12-03T08:30:00.000Z');
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
  });
});
