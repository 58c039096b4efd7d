import { FullSyncSchedule } from './schedule';

describe('nightly full sync schedule', () => {
  it('gives the next time the cron fires, in UTC', () => {
    const nightly = new FullSyncSchedule('0 3 * * *');
    expect(nightly.next(new Date('2026-03-01T04:00:00Z')).toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(nightly.next(new Date('2026-03-01T02:59:00Z')).toISOString()).toBe('2026-03-01T03:00:00.000Z');
    expect(new FullSyncSchedule('*/15 * * * *').next(new Date('2026-03-01T04:01:00Z')).toISOString()).toBe('2026-03-01T04:15:00.000Z');
  });

  it('refuses an invalid expression', () => {
    expect(() => new FullSyncSchedule('every night')).toThrow();
  });
});
