export { IdentityDeadLettersModule } from './identity-dlq.module';
export { IDENTITY_DLQ_GROUP_ID } from './identity-dlq.consumer';
export { IdentityStateHttpClient, IdentityUnavailableError, type IdentityStateSource, type IdentityStateHttpOptions, type Versioned } from './identity-state.client';
