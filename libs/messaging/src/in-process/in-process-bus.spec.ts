import { InProcessBus } from './in-process-bus';
import { describeBusContract } from '../testing/bus-contract';

let bus: InProcessBus;
let n = 0;

describeBusContract(
  'in-process bus',
  async () => {
    bus = new InProcessBus({ partitions: 3 });
    return { bus, topics: async (count) => Array.from({ length: count }, () => `contract.t${n++}.v1`) };
  },
  async () => bus.close(),
);

describe('InProcessBus ack-after-delivery', () => {
  it('resolves publish only after subscribed groups processed the messages', async () => {
    const delivery = new InProcessBus({ ackAfterDelivery: true });
    const processed: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const consumer = await delivery.consume({
      groupId: 'g',
      topics: ['t'],
      handleBatch: async (ms, ctx) => {
        await gate;
        for (const m of ms) {
          processed.push(m.value!);
          ctx.resolveOffset(m.offset);
        }
      },
    });
    let published = false;
    const p = delivery.publish([{ topic: 't', key: 'k', value: 'v', headers: {} }]).then(() => (published = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(published).toBe(false);
    release();
    await p;
    expect(processed).toEqual(['v']);
    await consumer.stop();
    await delivery.close();
  });

  it('rejects pending publishes when closed', async () => {
    const delivery = new InProcessBus({ ackAfterDelivery: true });
    await delivery.consume({ groupId: 'g', topics: ['t'], handleBatch: () => new Promise(() => undefined) });
    const p = delivery.publish([{ topic: 't', key: 'k', value: 'v', headers: {} }]);
    const closing = delivery.close();
    await expect(p).rejects.toThrow(/closed/);
    void closing;
  });
});

describe('InProcessBus.whenDrained', () => {
  it('waits until every group has processed what was published', async () => {
    const bus = new InProcessBus();
    let processed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const consumer = await bus.consume({
      groupId: 'g',
      topics: ['t'],
      handleBatch: async (ms, ctx) => {
        await gate;
        for (const m of ms) {
          processed++;
          ctx.resolveOffset(m.offset);
        }
      },
    });
    await bus.publish([{ topic: 't', key: 'k', value: 'v', headers: {} }]);
    expect(bus.isDrained()).toBe(false);
    let drained = false;
    const waiting = bus.whenDrained(50).then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);
    release();
    await waiting;
    expect(processed).toBe(1);
    await consumer.stop();
    await bus.close();
  });
});
