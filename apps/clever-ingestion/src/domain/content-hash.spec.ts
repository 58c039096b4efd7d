import { contentHash } from './content-hash';

describe('content hash', () => {
  it('keeps the hash of a payload stable', () => {
    expect(contentHash({ b: 1, a: [1, 'x'] })).toBe(contentHash({ a: [1, 'x'], b: 1 }));
    expect(contentHash({ a: 1 })).toHaveLength(32);
  });
});
