import { z } from 'zod';
import { DomainError, ProblemError, parseInput } from './problem';
import { decodeCursor, encodeCursor, pageOf } from './cursor';

describe('problem details', () => {
  it('turns zod failures into 400 VALIDATION_FAILED with paths', () => {
    const schema = z.object({ name: z.string().min(1), limit: z.number().max(500) });
    try {
      parseInput(schema, { name: '', limit: 900 });
      throw new Error('should not pass');
    } catch (e) {
      const p = (e as ProblemError).toJSON();
      expect(p).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((p.errors as { path: string }[]).map((x) => x.path)).toEqual(['body.name', 'body.limit']);
    }
  });

  it('derives the status from the kind of a domain error and namespaces the type', () => {
    const e = new DomainError('conflict', 'CLASSES.CLASS_ARCHIVED', 'an archived class cannot change');
    expect(e.status).toBe(409);
    expect(e.toJSON()).toMatchObject({ code: 'CLASSES.CLASS_ARCHIVED', type: 'https://roster.dev/problems/classes-class-archived' });
  });
});

describe('cursors', () => {
  const schema = z.object({ last: z.string(), id: z.string() });
  it('round-trips and rejects tampering with INVALID_CURSOR', () => {
    expect(decodeCursor(encodeCursor({ last: 'Ng', id: '1' }), schema)).toEqual({ last: 'Ng', id: '1' });
    expect(() => decodeCursor('%%%', schema)).toThrow(ProblemError);
    expect(() => decodeCursor(encodeCursor({ other: 1 }), schema)).toThrow(/INVALID_CURSOR/);
  });

  it('pages with a lookahead row', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = pageOf(rows, 2, (r) => r.id, (r) => ({ id: r.id }));
    expect(page.data).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!, z.object({ id: z.string() }))).toEqual({ id: 'b' });
    expect(pageOf(rows, 3, (r) => r.id, (r) => r).nextCursor).toBeNull();
  });
});
