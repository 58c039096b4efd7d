/**
 * Something a service needs to serve traffic (its database, its Kafka producer...). `check` resolves
 * when it is usable and rejects (with a message naming no secret) when it is not. It receives an
 * AbortSignal that fires when the readiness timeout passes, so it can cancel its work.
 */
export interface ReadinessCheck {
  readonly name: string;
  check(options?: { signal: AbortSignal }): Promise<void>;
}
