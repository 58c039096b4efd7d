import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { OBSERVABILITY_OPTIONS, type ObservabilityOptions } from '../tokens';

/** Whether the application is shutting down (then readiness fails at once). */
@Injectable()
export class HealthState implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(@Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const delay = this.options.shutdownDelayMs ?? 0;
    if (delay > 0) await sleep(delay);
  }
}
