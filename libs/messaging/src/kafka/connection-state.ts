import type { MessagingLogger } from '../logger';

/** What kafkajs' own log says about a failure: a lost or refused broker connection looks like this. */
const CONNECTION_TROUBLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection (error|timeout|closed)|Closed connection|KafkaJSConnection|broker not available|NumberOfRetriesExceeded|KafkaJSNoBrokerAvailable/i;

/** True when a kafkajs log entry (message and extra fields) reports a broker connection failure. */
export function isConnectionTrouble(namespace: string, text: string): boolean {
  return namespace === 'Connection' || CONNECTION_TROUBLE.test(text);
}

/**
 * The broker connection as one of two states, logged once per change. kafkajs retries connections on its
 * own and logs every retry; those lines go to debug, and operators get exactly one `warn` line when the
 * broker becomes unreachable (with the first reason) and one `info` line when it answers again.
 */
export class BrokerConnectionState {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private downSince = 0;

  constructor(
    private readonly logger: MessagingLogger,
    private readonly clientId: string,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): 'unknown' | 'up' | 'down' {
    return this.state;
  }

  /** A request failed because the broker could not be reached. */
  down(reason: string): void {
    if (this.state === 'down') return;
    this.state = 'down';
    this.downSince = this.now();
    this.logger.warn({ kafka: 'connection', clientId: this.clientId, reason: reason.slice(0, 500) }, 'Kafka broker unreachable; kafkajs keeps retrying');
  }

  /** The broker answered (a join, heartbeat, fetch, publish or ping succeeded). */
  up(): void {
    if (this.state === 'up') return;
    const wasDown = this.state === 'down';
    this.state = 'up';
    if (wasDown) this.logger.info({ kafka: 'connection', clientId: this.clientId, downForMs: this.now() - this.downSince }, 'Kafka broker connection restored');
  }
}
