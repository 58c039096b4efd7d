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

/** canonicalJson as it was first written (map + join): clever-ingestion's stored content hashes were computed over its text. */
function mapJoinCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => mapJoinCanonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${mapJoinCanonicalJson(obj[k])}`).join(',')}}`;
}

describe('canonicalJson keeps its text', () => {
  const samples: unknown[] = [
    null,
    undefined,
    0,
    -1.5,
    'text with "quotes", \\ backslashes, \u2028 and ünïcode',
    true,
    [],
    {},
    [1, undefined, null, 'a', [2, [3]], { b: 1, a: 2 }],
    [1, , 3],
    { z: 1, a: { y: [1, 2, { c: undefined, b: null }], x: 'é' }, m: undefined, '': 0, 'k"ey': 'v', 10: 'n', 2: 'm' },
    { id: 'u1', roles: ['student'], name: { first: 'Ann', last: "O'Neil" }, schools: ['s2', 's1'], grade: '3', dob: undefined, email: null },
    { fn: () => 1, date: new Date(0), nested: { deep: { deeper: [{ q: 1 }, { p: 2 }] } } },
  ];

  it.each(samples.map((s, i) => [i, s]))('sample %i gives exactly the text stored hashes were computed over', (_i, sample) => {
    expect(canonicalJson(sample)).toBe(mapJoinCanonicalJson(sample));
  });
});
