export { ProblemDetailsFilter, toProblem, retryAfterOf, databaseUnavailable, SERVICE_UNAVAILABLE, DEFAULT_RETRY_AFTER_SECONDS } from './problem-details.filter';
export { bootstrapHttpApp, type HttpAppOptions } from './bootstrap';
export { hostService, type HostServiceOptions, type HostedService, type ServiceContext } from './service-host';
export { runServiceMain, parseEnv, type MainContext } from './service-main';
