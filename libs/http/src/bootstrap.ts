import { NestFactory } from '@nestjs/core';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DatabaseAvailability } from '@roster/persistence';
import { ProblemDetailsFilter } from './problem-details.filter';

interface LogSink {
  error(obj: object, msg?: string): void;
}

export interface HttpAppOptions {
  module: Type<unknown>;
  logger: LogSink;
  /** Largest JSON body accepted (413 PAYLOAD_TOO_LARGE above). */
  bodyLimit?: string;
  /** The service's database reachability: the edge reports outages to it (503 answers, one log line per change). */
  availability?: DatabaseAvailability;
}

/**
 * Creates a service's HTTP application with the platform defaults: JSON bodies only up to a limit,
 * problem+json errors, no framework banner, structured logs. The caller decides when to listen.
 */
export async function bootstrapHttpApp(options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    // Nest's own lines are buffered until the caller attaches the service logger (app.useLogger).
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.useGlobalFilters(
    new ProblemDetailsFilter((error) => options.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error'), options.availability),
  );
  return app;
}
