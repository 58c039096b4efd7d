import { createTestDatabase, dropTestDatabase } from './test-database';
import { provisionTopicsProcess, startServiceProcess } from './service-process';
import { uniqueSuffix } from './test-kafka';

/** A service started as its own process from its sources: migrated, ready, answering, stopped by SIGTERM. */
describe('startServiceProcess', () => {
  it('starts identity as a separate process and stops it gracefully', async () => {
    const topicPrefix = `t${uniqueSuffix()}.`;
    const [db] = await Promise.all([createTestDatabase('svcproc_identity'), provisionTopicsProcess(topicPrefix, { partitions: 1 })]);
    try {
      const identity = await startServiceProcess({ app: 'identity', databaseUrl: db, internalAuthSecret: 'service-process-secret-0123456789', topicPrefix });
      try {
        expect(identity.pid).not.toBe(process.pid);
        const res = await fetch(`${identity.url}/internal/v1/districts`);
        expect(res.status).toBe(401); // no internal token
      } finally {
        expect(await identity.stop()).toBe(0);
      }
    } finally {
      await dropTestDatabase(db).catch(() => undefined);
    }
  }, 240_000);
});
