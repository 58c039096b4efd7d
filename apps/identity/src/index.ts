export { createIdentityService, type IdentityServiceOptions } from './service';
export { IDENTITY_SERVICE } from './identity.module';
export { ROSTER_CONSUMER_GROUP, ROSTER_TOPICS } from './consumers/roster/roster.consumer';
export { migrations } from './migrations';
