import { MikroORM } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { Injectable, Module } from '@nestjs/common';
import { createTestDatabase, dropTestDatabase, createTopics, testKafka, TopicCollector, uniqueSuffix } from './index';

@Injectable()
class Greeter {
  greet(): string {
    return 'ready';
  }
}
@Module({ providers: [Greeter] })
class SmokeModule {}

describe('test infrastructure', () => {
  it('gives each test file its own real PostgreSQL database', async () => {
    const url = await createTestDatabase('smoke');
    const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false } });
    try {
      const [row] = await orm.em.getConnection().execute<{ db: string }[]>('select current_database() as db');
      expect(row.db).toBe(new URL(url).pathname.slice(1));
    } finally {
      await orm.close(true);
      await dropTestDatabase(url);
    }
  });

  it('talks to a real Kafka broker', async () => {
    const topic = `smoke.${uniqueSuffix()}`;
    await createTopics([topic], 1);
    const collector = await TopicCollector.start([topic]);
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();
    const messages = await collector.waitFor((m) => m.length === 1);
    await collector.stop();
    expect(messages[0]).toMatchObject({ key: 'k', value: 'hello' });
  });

  it('compiles a NestJS 12 module', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SmokeModule] }).compile();
    expect(moduleRef.get(Greeter).greet()).toBe('ready');
    await moduleRef.close();
  });
});
