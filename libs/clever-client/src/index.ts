export { CleverClient, type DistrictToken, type SsoTokens, type CleverMe } from './client';
export { CleverDistrictHandle, type CleverPage, type DistrictHandleOptions, type EventPageOptions, isListEnvelope } from './district';
export type { CleverClientOptions, ApiVersion } from './options';
export { DEFAULT_RETRY, backoffDelay, rateLimitWaitMs, isRetriableStatus, type RetryPolicy } from './backoff';
export { RequestBudget } from './rate-budget';
export type { RequestEvent, FetchLike } from './transport';
export {
  CleverError, CleverHttpError, CleverUnavailableError, CleverBadResponseError, TokenRevokedError, CursorExpiredError,
  InvalidClientError, InvalidGrantError, type CleverErrorCode,
} from './errors';
export { objectIdTime, isCursorOlderThan } from './object-id';
export { listPath, nextLink, resolveUri, shouldContinue, type ListParams } from './paging';
export { previousAttributes, parseEventType, type EventAction } from './events';
export { checkUser, rolesOf, type UserCheck, type UserRejection } from './users';
export * from './types';
