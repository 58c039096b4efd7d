import type { MessagingLogger } from '../logger';
import { BrokerConnectionState, isConnectionTrouble } from './connection-state';

function recorder(): MessagingLogger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (_: object, msg = '') => void lines.push(`${level} ${msg}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('BrokerConnectionState', () => {
  it('logs one line when the broker becomes unreachable and one when it answers again, whatever the retries', () => {
    const log = recorder();
    let now = 1_000;
    const state = new BrokerConnectionState(log, 'svc', () => now);
    state.up(); // the first success after start is not news
    for (let i = 0; i < 50; i++) state.down('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    now = 31_000;
    for (let i = 0; i < 50; i++) state.up();
    state.down('again');
    expect(log.lines).toEqual([
      'warn Kafka broker unreachable; kafkajs keeps retrying',
      'info Kafka broker connection restored',
      'warn Kafka broker unreachable; kafkajs keeps retrying',
    ]);
    expect(state.current).toBe('down');
  });

  it('recognises kafkajs connection failures and leaves routine answers alone', () => {
    expect(isConnectionTrouble('Connection', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe(true);
    expect(isConnectionTrouble('BrokerPool', 'Failed to connect to seed broker, trying other seed brokers: KafkaJSConnectionError')).toBe(true);
    expect(isConnectionTrouble('Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded: Connection timeout')).toBe(true);
    expect(isConnectionTrouble('Consumer', 'The group is rebalancing, re-joining')).toBe(false);
    expect(isConnectionTrouble('Cluster', 'The coordinator is loading and hence can\'t process requests')).toBe(false);
  });
});
