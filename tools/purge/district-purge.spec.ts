import { formatCertificate, messagesExpireBy, type PurgeCertificate } from './district-purge';

const DAY = 86_400_000;

describe('purge certificate', () => {
  it('dates the messages\' expiry by the longest retention.ms + segment.ms, plus the broker\'s 5-minute check', () => {
    const at = '2026-06-30T09:15:04.000Z';
    expect(
      messagesExpireBy(at, [
        { topic: 'roster.users.v1', retentionMs: 7 * DAY, segmentMs: DAY },
        { topic: 'roster.users.v1.dlq', retentionMs: 30 * DAY, segmentMs: 7 * DAY },
      ]),
    ).toBe(new Date(Date.parse(at) + 37 * DAY + 5 * 60_000).toISOString());
  });

  it('gives no date when a topic keeps messages forever (or none was read)', () => {
    expect(messagesExpireBy('2026-06-30T09:15:04.000Z', [{ topic: 'roster.users.v1', retentionMs: null, segmentMs: DAY }])).toBeNull();
    expect(messagesExpireBy('2026-06-30T09:15:04.000Z', [])).toBeNull();
  });

  it('prints counts per service and table, the expiry and where it is kept; a warning for topics kept forever', () => {
    const c: PurgeCertificate = {
      certificate: 'roster.district-purge',
      version: 1,
      purgeId: '3f0b6c1e-8a4d-4c2b-9f7e-5d1a2b3c4d5e',
      cleverDistrictId: '5f8d0c1b2a3e4f5061728394',
      dryRun: true,
      requestedBy: 'ops',
      requestedAt: '2026-06-30T09:15:00.000Z',
      completedAt: '2026-06-30T09:15:04.000Z',
      totalRows: 3,
      services: [{ service: 'identity', startedAt: '2026-06-30T09:15:01.000Z', finishedAt: '2026-06-30T09:15:02.000Z', totalRows: 3, tables: [{ table: 'account', rows: 3 }] }],
      kafka: { messagesExpireBy: null, topics: [{ topic: 'roster.users.v1', retentionMs: null, segmentMs: DAY }] },
      file: '/certificates/district-purge-3f0b6c1e-8a4d-4c2b-9f7e-5d1a2b3c4d5e.dry-run.json',
    };
    const text = formatCertificate(c);
    expect(text).toContain('DRY RUN: nothing was deleted');
    expect(text).toMatch(/identity: 3 rows/);
    expect(text).toMatch(/account\s+3/);
    expect(text).toContain('WARNING: roster.users.v1 keep messages forever');
    expect(text).toContain(`kept in ${c.file}`);
  });
});
