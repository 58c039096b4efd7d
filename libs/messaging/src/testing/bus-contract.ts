import type { IncomingMessage, MessageBus } from '../bus';

/**
 * One contract suite for every MessageBus implementation: the Kafka transport and the in-process bus
 * must behave the same for the guarantees services rely on.
 */
export interface BusFixture {
  bus: MessageBus;
  /** Creates fresh topics for one test and returns their names. */
  topics(count: number): Promise<string[]>;
  /** The group ids the transport reports as members of a topic, when it can tell. */
  describeGroup?(groupId: string): Promise<string | undefined>;
}

async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let groupCounter = 0;
const group = (name: string) => `contract-${name}-${process.pid}-${Date.now()}-${groupCounter++}`;

export function describeBusContract(name: string, setup: () => Promise<BusFixture>, teardown: () => Promise<void>): void {
  describe(`MessageBus contract: ${name}`, () => {
    let fx: BusFixture;
    beforeAll(async () => {
      fx = await setup();
    });
    afterAll(async () => {
      await teardown();
    });

    it('keeps per-key order with keys interleaved across partitions', async () => {
      const [topic] = await fx.topics(1);
      const received: IncomingMessage[] = [];
      const consumer = await fx.bus.consume({
        groupId: group('order'),
        topics: [topic],
        fromBeginning: true,
        handleBatch: async (messages, ctx) => {
          for (const m of messages) {
            received.push(m);
            ctx.resolveOffset(m.offset);
          }
        },
      });
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      const sent = Array.from({ length: 300 }, (_, i) => ({ topic, key: keys[i % keys.length], value: String(i), headers: { n: String(i) } }));
      for (let i = 0; i < sent.length; i += 50) await fx.bus.publish(sent.slice(i, i + 50));
      await waitFor(() => received.length >= sent.length);
      await consumer.stop();
      expect(received).toHaveLength(sent.length);
      for (const key of keys) {
        const values = received.filter((m) => m.key === key).map((m) => Number(m.value));
        expect(values).toEqual([...values].sort((x, y) => x - y));
        expect(values).toHaveLength(50);
      }
      expect(received[0].headers.n).toBeDefined();
    });

    it('delivers every message to each consumer group independently, under the exact group id', async () => {
      const [topic] = await fx.topics(1);
      const a: string[] = [];
      const b: string[] = [];
      const groupA = group('a');
      const ca = await fx.bus.consume({ groupId: groupA, topics: [topic], fromBeginning: true, handleBatch: async (ms, ctx) => ms.forEach((m) => (a.push(m.value!), ctx.resolveOffset(m.offset))) });
      const cb = await fx.bus.consume({ groupId: group('b'), topics: [topic], fromBeginning: true, handleBatch: async (ms, ctx) => ms.forEach((m) => (b.push(m.value!), ctx.resolveOffset(m.offset))) });
      expect(ca.groupId).toBe(groupA);
      await fx.bus.publish(Array.from({ length: 20 }, (_, i) => ({ topic, key: `k${i}`, value: String(i), headers: {} })));
      await waitFor(() => a.length >= 20 && b.length >= 20);
      if (fx.describeGroup) expect(await fx.describeGroup(groupA)).toBe(groupA);
      await Promise.all([ca.stop(), cb.stop()]);
      expect(a.sort()).toEqual(b.sort());
      expect(new Set(a).size).toBe(20);
    });

    it('redelivers from the first unresolved message after a failed batch (at-least-once)', async () => {
      const [topic] = await fx.topics(1);
      const seen: string[] = [];
      let failed = false;
      const consumer = await fx.bus.consume({
        groupId: group('retry'),
        topics: [topic],
        fromBeginning: true,
        handleBatch: async (messages, ctx) => {
          for (const m of messages) {
            if (m.value === '3' && !failed) {
              failed = true;
              throw new Error('transient');
            }
            seen.push(m.value!);
            ctx.resolveOffset(m.offset);
          }
        },
      });
      await fx.bus.publish(Array.from({ length: 6 }, (_, i) => ({ topic, key: 'same', value: String(i), headers: {} })));
      await waitFor(() => seen.includes('5'));
      await consumer.stop();
      expect(failed).toBe(true);
      // Nothing lost, order kept, and 0..2 were not delivered again because they were resolved.
      expect(seen).toEqual(['0', '1', '2', '3', '4', '5']);
    });
  });
}
