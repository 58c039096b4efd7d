import { REDACTED_KEYS, redactDeep, redactEmails } from './redact';

describe('redactDeep', () => {
  it('censors every listed key at any depth and keeps the rest', () => {
    const input = { id: 'a1', grade: '3', list: [{ name: 'x', id: 'b2' }], deep: { deeper: { given_name: 'x', family_name: 'y' } } };
    expect(redactDeep(input)).toEqual({
      id: 'a1',
      grade: '3',
      list: [{ name: '[redacted]', id: 'b2' }],
      deep: { deeper: { given_name: '[redacted]', family_name: '[redacted]' } },
    });
    expect(REDACTED_KEYS).toEqual(
      expect.arrayContaining(['name', 'first', 'last', 'middle', 'preferredName', 'email', 'given_name', 'family_name', 'dob']),
    );
  });

  it('is copy-on-write: untouched subtrees are the same objects, the input is never changed', () => {
    const clean = { ids: ['a', 'b'], nested: { n: 1 } };
    const input = { clean, dirty: { email: 'a@b.org' } };
    const out = redactDeep(input);
    expect(out.clean).toBe(clean);
    expect(input.dirty.email).toBe('a@b.org');
    const untouched = { a: { b: [1, 2] } };
    expect(redactDeep(untouched)).toBe(untouched);
  });

  it('serializes dates like JSON, leaves buffers and undefined values, cuts very deep objects', () => {
    const when = new Date('2025-09-02T06:00:00.000Z');
    expect(redactDeep({ when, name: undefined })).toEqual({ when: '2025-09-02T06:00:00.000Z', name: undefined });
    const buf = Buffer.from('x');
    expect(redactDeep({ buf }).buf).toBe(buf);
    let deep: Record<string, unknown> = { email: 'x@y.org' };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(JSON.stringify(redactDeep(deep))).not.toContain('x@y.org');
  });
});

describe('redactEmails', () => {
  it('masks email-shaped text only', () => {
    expect(redactEmails('failed for jbrooks118204@students.maplegrove.k12.ca.us and o.k+1@x.io')).toBe('failed for [email] and [email]');
    expect(redactEmails('account d3b7a1f4 @ noon, user@localhost')).toBe('account d3b7a1f4 @ noon, user@localhost');
  });
});
