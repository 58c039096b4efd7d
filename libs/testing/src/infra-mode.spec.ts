import { testInfraMode } from './infra-mode';

describe('testInfraMode (ROSTER_TEST_INFRA)', () => {
  const both = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/postgres', KAFKA_BROKERS: '127.0.0.1:9092' };

  it('defaults to local, and to external when both DATABASE_URL and KAFKA_BROKERS are given', () => {
    expect(testInfraMode({})).toBe('local');
    expect(testInfraMode({ DATABASE_URL: both.DATABASE_URL })).toBe('local');
    expect(testInfraMode(both)).toBe('external');
  });

  it('takes the explicit choice over the variables (no probing for an engine)', () => {
    expect(testInfraMode({ ...both, ROSTER_TEST_INFRA: 'local' })).toBe('local');
    expect(testInfraMode({ ...both, ROSTER_TEST_INFRA: 'testcontainers' })).toBe('testcontainers');
    expect(testInfraMode({ ROSTER_TEST_INFRA: 'testcontainers' })).toBe('testcontainers');
  });

  it('refuses an unknown mode, and external without both addresses', () => {
    expect(() => testInfraMode({ ROSTER_TEST_INFRA: 'docker' })).toThrow('ROSTER_TEST_INFRA=docker is not one of local, testcontainers, external');
    expect(() => testInfraMode({ ROSTER_TEST_INFRA: 'external', KAFKA_BROKERS: both.KAFKA_BROKERS })).toThrow(
      'ROSTER_TEST_INFRA=external needs DATABASE_URL',
    );
  });
});
