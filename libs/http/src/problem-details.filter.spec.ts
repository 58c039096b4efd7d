import { HttpException } from '@nestjs/common';
import { toProblem } from './problem-details.filter';

describe('toProblem (the HTTP edge)', () => {
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
