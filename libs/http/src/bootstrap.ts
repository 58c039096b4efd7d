import { NestFactory } from '@nestjs/core';
import type { LoggerService, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsFilter } from './problem-details.filter';

interface LogSink {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Routes Nest's own log lines into the service's structured logger. */
class NestLogBridge implements LoggerService {
  constructor(private readonly sink: LogSink) {}
  log(message: unknown, context?: string) {
    this.sink.debug({ context }, String(message));
  }
  error(message: unknown, stack?: string, context?: string) {
    this.sink.error({ context, stack }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.sink.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.sink.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.sink.debug({ context }, String(message));
  }
}

export interface HttpAppOptions {
  module: Type<unknown>;
  logger: LogSink;
  /** Largest JSON body accepted (413 PAYLOAD_TOO_LARGE above). */
  bodyLimit?: string;
}

/**
 * Creates a service's HTTP application with the platform defaults: JSON bodies only up to a limit,
 * problem+json errors, no framework banner, structured logs. The caller decides when to listen.
 */
export async function bootstrapHttpApp(options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: new NestLogBridge(options.logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.useGlobalFilters(
    new ProblemDetailsFilter((error) => options.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error')),
  );
  return app;
}
