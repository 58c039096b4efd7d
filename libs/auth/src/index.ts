export { InternalAuthGuard, CurrentCaller, INTERNAL_AUTH_OPTIONS, type InternalAuthOptions } from './internal-auth.guard';
