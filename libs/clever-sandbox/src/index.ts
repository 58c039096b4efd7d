export { createSandbox, type Sandbox } from './sandbox';
export { SandboxAdmin, type DistrictSummary, type SandboxSettings } from './admin/admin-api';
export {
  SandboxStore, SandboxError, MALFORMED_KINDS, type DistrictCounts, type MalformedKind, type TokenInfo,
} from './store/sandbox-store';
export type { SandboxOptions, ExpiredCursorAnswer, PreviousAttributesPlacement, SsoForbiddenAnswer } from './options';
export { DEMO_SPEC, planDistrict, specForSize, type DistrictSpec, type DistrictPlan } from './generator/plan';
export { FAULT_KINDS, type FaultKind, type FaultRule } from './faults/faults';
export type { RequestStats, LoggedRequest } from './http/request-log';
export type { StoredEvent } from './store/event-log';
export type { JsonObject, CollectionName, RoleName, ApiVersion } from './generator/records';
export { objectIdSeconds, isObjectId } from './ids';
