export { ProblemError, PROBLEM_CONTENT_TYPE, notFound, forbidden, conflict, parseInput } from './problem';
export { ProblemDetailsFilter, toProblem } from './problem-details.filter';
export { encodeCursor, decodeCursor, pageOf, type Page } from './cursor';
export { bootstrapHttpApp, type HttpAppOptions } from './bootstrap';
export { hostService, type HostServiceOptions, type HostedService, type ServiceContext } from './service-host';
export { runServiceMain, parseEnv, type MainContext } from './service-main';
