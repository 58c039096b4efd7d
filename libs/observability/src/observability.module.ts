import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type ModuleMetadata,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { createLogger } from './logger';
import { HealthEndpoints } from './health/health-endpoints';
import { HealthState } from './health/health-state';
import { RequestContextMiddleware } from './http/request-context.middleware';
import { NestPinoLogger } from './nest-logger';
import { LOGGER, OBSERVABILITY_OPTIONS, type ObservabilityOptions } from './tokens';

export interface ObservabilityAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Builds the options from injected providers (e.g. readiness checks over the service's ORM and Kafka client). */
  useFactory: (...args: any[]) => ObservabilityOptions | Promise<ObservabilityOptions>;
  /** Tokens to inject into useFactory; they must be exported by a module in `imports` (or be global). */
  inject?: any[];
}

const sharedProviders: Provider[] = [
  {
    provide: LOGGER,
    useFactory: (options: ObservabilityOptions) => options.logger ?? createLogger(options.service),
    inject: [OBSERVABILITY_OPTIONS],
  },
  NestPinoLogger,
  HealthState,
  HealthEndpoints,
  RequestContextMiddleware,
];

/**
 * Health, metrics, logging and correlation for a Nest application. Import it once, in the root module
 * of the app (the embedded mode imports it once for all services, with every service's checks):
 *
 * - HealthEndpoints (Terminus, one indicator per ReadinessCheck), served with GET /metrics by
 *   startManagementServer on MANAGEMENT_PORT — never by the app itself, whose public port answers 404 for them;
 * - a middleware on every route: correlation id in and out, one log line and metrics per request;
 * - global providers: LOGGER (the service's pino logger) and NestPinoLogger (for app.useLogger).
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return ObservabilityModule.build([], { provide: OBSERVABILITY_OPTIONS, useValue: options });
  }

  static forRootAsync(options: ObservabilityAsyncOptions): DynamicModule {
    return ObservabilityModule.build(options.imports ?? [], {
      provide: OBSERVABILITY_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    });
  }

  private static build(imports: NonNullable<ModuleMetadata['imports']>, optionsProvider: Provider): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [...imports, TerminusModule.forRoot({ logger: false })],
      providers: [optionsProvider, ...sharedProviders],
      exports: [OBSERVABILITY_OPTIONS, LOGGER, NestPinoLogger, HealthEndpoints],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
