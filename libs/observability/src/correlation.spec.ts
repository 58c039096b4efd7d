import { setTimeout as sleep } from 'node:timers/promises';
import { EventEmitter } from 'node:events';
import { CORRELATION_HEADER, acceptCorrelationId, currentCorrelationId, newCorrelationId, runWithCorrelation } from './correlation';

describe('correlation context', () => {
  it('is undefined outside a context', () => {
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('follows sync and async work started inside runWithCorrelation, and returns its result', async () => {
    const result = await runWithCorrelation('abc-123', async () => {
      expect(currentCorrelationId()).toBe('abc-123');
      await sleep(5);
      const inTimer = await new Promise((resolve) => setTimeout(() => resolve(currentCorrelationId()), 1));
      const inMicrotask = await Promise.resolve().then(() => currentCorrelationId());
      return [currentCorrelationId(), inTimer, inMicrotask];
    });
    expect(result).toEqual(['abc-123', 'abc-123', 'abc-123']);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps concurrent contexts apart and lets an inner context shadow an outer one', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        runWithCorrelation(id, async () => {
          await sleep(10 - i * 3);
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    runWithCorrelation('outer', () => {
      runWithCorrelation('inner', () => expect(currentCorrelationId()).toBe('inner'));
      expect(currentCorrelationId()).toBe('outer');
    });
  });

  it('is the emitting context for event listeners (capture the id if a callback must keep it)', () => {
    const emitter = new EventEmitter();
    let seen: string | undefined = 'unset';
    runWithCorrelation('registered', () => emitter.on('x', () => (seen = currentCorrelationId())));
    runWithCorrelation('emitted', () => emitter.emit('x'));
    expect(seen).toBe('emitted');
  });

  it('makes new ids that are unique UUIDs', () => {
    const ids = new Set(Array.from({ length: 100 }, newCorrelationId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('names the header x-correlation-id', () => {
    expect(CORRELATION_HEADER).toBe('x-correlation-id');
  });

  it('accepts safe incoming ids only (first value of a repeated header, Kafka Buffer values)', () => {
    expect(acceptCorrelationId('6f1c0a2e-1d2b-4c3d-8e4f-5a6b7c8d9e0f')).toBe('6f1c0a2e-1d2b-4c3d-8e4f-5a6b7c8d9e0f');
    expect(acceptCorrelationId(['first-id', 'second-id'])).toBe('first-id');
    expect(acceptCorrelationId(Buffer.from('from-kafka'))).toBe('from-kafka');
    for (const bad of [undefined, '', 'x'.repeat(129), 'has space', 'line\nbreak', '<script>', 'a"b', 42, {}]) {
      expect(acceptCorrelationId(bad)).toBeUndefined();
    }
  });
});
