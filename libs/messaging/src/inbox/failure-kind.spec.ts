import { z } from 'zod';
import { ContractError } from '@roster/contracts';
import { DomainError, invalid, notFound, parseInput, conflict } from '@roster/problems';
import { classifyFailure, NonRetriableError } from './failure-kind';

const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });

describe('classifyFailure', () => {
  it.each([
    ['a zod validation error', (() => { try { z.object({ a: z.string() }).parse({}); } catch (e) { return e; } })()],
    ['a JSON parse error', (() => { try { JSON.parse('{'); } catch (e) { return e; } })()],
    ['a contract error', new ContractError('ENVELOPE_INVALID', 'no id')],
    ['a DomainError of kind invalid', invalid('CLASSES.GRADE_INVALID', 'grade 14')],
    ['parseInput\'s VALIDATION_FAILED', (() => { try { parseInput(z.object({ a: z.string() }), {}); } catch (e) { return e; } })()],
    ['an error marked non-retriable', new NonRetriableError('unknown district')],
    ['a marked error wrapped as a cause', new Error('handler failed', { cause: Object.assign(new Error('x'), { nonRetriable: true }) })],
  ])('%s is non-retriable (dead letter at once)', (_, error) => {
    expect(classifyFailure(error)).toBe('non-retriable');
  });

  it.each([
    ['admin shutdown 57P01', pgError('57P01', 'terminating connection due to administrator command')],
    ['cannot connect now 57P03', pgError('57P03', 'the database system is starting up')],
    ['connection failure 08006', pgError('08006')],
    ['connection does not exist 08003', pgError('08003')],
    ['serialization failure 40001', pgError('40001')],
    ['deadlock 40P01', pgError('40P01')],
    ['lock not available 55P03', pgError('55P03')],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['MikroORM ConnectionException', Object.assign(new Error('x'), { name: 'ConnectionException' })],
    ['MikroORM DeadlockException', Object.assign(new Error('x'), { name: 'DeadlockException', code: '40P01' })],
    ['a connection error as a cause', new Error('apply failed', { cause: pgError('57P01') })],
  ])('%s is transient (retried without counting)', (_, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['a plain error', new Error('cannot apply')],
    ['a coded handler error', Object.assign(new Error('cannot apply'), { code: 'WIDGET_BROKEN' })],
    ['a DomainError of kind conflict', conflict('CLASSES.CONFLICT', 'busy')],
    ['a DomainError of kind not_found', notFound('IDENTITY.ACCOUNT_NOT_FOUND', 'account')],
    ['a DomainError of kind unavailable', new DomainError('unavailable', 'X.UNAVAILABLE')],
    ['a unique violation 23505', pgError('23505')],
    ['a thrown string', 'boom'],
  ])('%s is retriable (N attempts, then dead letter)', (_, error) => {
    expect(classifyFailure(error)).toBe('retriable');
  });
});
