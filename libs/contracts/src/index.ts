export { Topics, allTopics, dlqTopicName, provisionedTopics, type TopicDefinition, type TopicName } from './topics';
export { envelopeSchema, envelopeHeaders, HEADER_PREFIX, type Envelope } from './envelope';
export {
  Events,
  eventDefinition,
  eventsOfTopic,
  buildEnvelope,
  parseEnvelope,
  isEvent,
  ContractError,
  type EventDefinition,
  type EventKey,
  type EventData,
  type NewEvent,
} from './registry';
export { accountRole, actor, type AccountRole, type Actor } from './events/common';
export { rosterUserRoles, syncRunCounts, type RosterUserRoles, type SyncRunCounts } from './events/roster.events';
export { accountState, schoolState, type AccountState, type SchoolState } from './events/identity.events';
export { identityAccountMerged, identityAccountErased, type AccountMerged, type AccountErased } from './events/identity.events';
export { classState, enrollmentEndReason, type ClassState, type EnrollmentEndReason } from './events/classes.events';
export { eventJsonSchema, asyncApiDocument } from './json-schema';
export { districtPurgeRequested, districtPurged, type DistrictPurgeRequested, type DistrictPurged } from './events/district.events';
export { canonicalJson, compact, isoTime } from './json-values';
