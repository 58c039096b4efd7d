import { z } from 'zod';
import { HttpException } from '@nestjs/common';
import { ProblemError, parseInput } from './problem';
import { toProblem } from './problem-details.filter';
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

  it('never exposes an unexpected error', () => {
    const p = toProblem(new Error('connection string postgres://secret@db')).toJSON();
    expect(p).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('maps body-parser and Nest errors to stable codes', () => {
    expect(toProblem({ status: 400, type: 'entity.parse.failed' }).code).toBe('MALFORMED_JSON');
    expect(toProblem({ status: 413, type: 'entity.too.large' }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toProblem(new HttpException('nope', 404)).code).toBe('NOT_FOUND');
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
