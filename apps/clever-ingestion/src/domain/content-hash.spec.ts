import { canonicalJson } from '@roster/contracts';
import { canonicalText, contentHash } from './content-hash';

describe('content hash text', () => {
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

  it.each(samples.map((s, i) => [i, s]))('sample %i gives exactly canonicalJson', (_i, sample) => {
    expect(canonicalText(sample)).toBe(canonicalJson(sample));
  });

  it('keeps the hash of a payload stable', () => {
    expect(contentHash({ b: 1, a: [1, 'x'] })).toBe(contentHash({ a: [1, 'x'], b: 1 }));
    expect(contentHash({ a: 1 })).toHaveLength(32);
  });
});
