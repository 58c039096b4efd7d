import { z } from 'zod';
import { Topics, type TopicDefinition } from './topics';
import { envelopeSchema, type Envelope } from './envelope';
import * as roster from './events/roster.events';
import * as identity from './events/identity.events';
import * as classes from './events/classes.events';
import * as assessment from './events/assessment.events';
import * as district from './events/district.events';

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly topic: TopicDefinition;
  readonly schema: S;
  readonly description: string;
}

function event<S extends z.ZodType>(type: string, topic: TopicDefinition, schema: S, description: string): EventDefinition<S> {
  return { type, topic, schema, description };
}

/** Every event type Roster produces or consumes, with its topic and payload schema. */
export const Events = {
  districtUpserted: event('roster.district.upserted', Topics.rosterDistricts, roster.rosterDistrictUpserted, 'A district is connected or its details changed.'),
  districtDisconnected: event('roster.district.disconnected', Topics.rosterDistricts, roster.rosterDistrictDisconnected, 'The district revoked the app; nothing is deleted.'),
  schoolUpserted: event('roster.school.upserted', Topics.rosterSchools, roster.rosterSchoolUpserted, 'A shared school appeared or changed.'),
  schoolRemoved: event('roster.school.removed', Topics.rosterSchools, roster.rosterSchoolRemoved, 'A school is no longer shared.'),
  userUpserted: event('roster.user.upserted', Topics.rosterUsers, roster.rosterUserUpserted, 'A shared user appeared, changed or came back.'),
  userRemoved: event('roster.user.removed', Topics.rosterUsers, roster.rosterUserRemoved, 'A user is no longer shared (archive, never delete).'),
  sectionUpserted: event('roster.section.upserted', Topics.rosterSections, roster.rosterSectionUpserted, 'A shared section (filters and suggestions only).'),
  sectionRemoved: event('roster.section.removed', Topics.rosterSections, roster.rosterSectionRemoved, 'A section is no longer shared.'),
  syncRunStarted: event('roster.sync-run.started', Topics.rosterSyncRuns, roster.rosterSyncRunStarted, 'A sync run began.'),
  syncRunCompleted: event('roster.sync-run.completed', Topics.rosterSyncRuns, roster.rosterSyncRunCompleted, 'A sync run finished and its changes are published.'),
  syncRunHeld: event('roster.sync-run.held', Topics.rosterSyncRuns, roster.rosterSyncRunHeld, 'A full sync would archive more than the threshold; removals wait for approval.'),
  syncRunFailed: event('roster.sync-run.failed', Topics.rosterSyncRuns, roster.rosterSyncRunFailed, 'A sync run stopped on an error.'),
  accountCreated: event('identity.account.created', Topics.identityAccounts, identity.identityAccountCreated, 'A new account for a shared user.'),
  accountUpdated: event('identity.account.updated', Topics.identityAccounts, identity.identityAccountUpdated, 'A visible field of an account changed.'),
  accountArchived: event('identity.account.archived', Topics.identityAccounts, identity.identityAccountArchived, 'The user is no longer shared; the account is kept, archived.'),
  accountRestored: event('identity.account.restored', Topics.identityAccounts, identity.identityAccountRestored, 'The same Clever user is shared again; the same account is active again.'),
  accountMerged: event('identity.account.merged', Topics.identityAccounts, identity.identityAccountMerged, 'A district admin merged an archived account into the active account of the same person; the source now resolves to the target.'),
  accountErased: event('identity.account.erased', Topics.identityAccounts, identity.identityAccountErased, 'An account archived longer than the district\'s retention had its personal fields erased; ids and history stay.'),
  identitySchoolUpserted: event('identity.school.upserted', Topics.identitySchools, identity.identitySchoolUpserted, 'A school appeared or changed.'),
  identitySchoolRemoved: event('identity.school.removed', Topics.identitySchools, identity.identitySchoolRemoved, 'A school is no longer shared.'),
  classCreated: event('classes.class.created', Topics.classesClasses, classes.classesClassCreated, 'A class was created.'),
  classUpdated: event('classes.class.updated', Topics.classesClasses, classes.classesClassUpdated, 'A class was renamed, its course or teachers changed, or its needs-teacher flag changed.'),
  classArchived: event('classes.class.archived', Topics.classesClasses, classes.classesClassArchived, 'A class was archived.'),
  enrollmentStarted: event('classes.enrollment.started', Topics.classesEnrollments, classes.classesEnrollmentStarted, 'A student was enrolled in a class.'),
  enrollmentEnded: event('classes.enrollment.ended', Topics.classesEnrollments, classes.classesEnrollmentEnded, 'An enrollment ended (unenrolled, archived, left school, class archived).'),
  placementCompleted: event('assessment.placement.completed', Topics.assessmentPlacements, assessment.assessmentPlacementCompleted, 'A placement test result (input from the assessment service).'),
  districtPurgeRequested: event('roster.district.purge-requested', Topics.rosterDistrictPurges, district.districtPurgeRequested, 'A platform operator asked to delete every row of a district in every service (or to count them: dryRun).'),
  ingestionDistrictPurged: event('roster.district.purged', Topics.rosterDistrictPurges, district.districtPurged, 'clever-ingestion deleted (or counted) its rows of a purged district; per-table counts, no district ids.'),
  identityDistrictPurged: event('identity.district.purged', Topics.identityDistrictPurges, district.districtPurged, 'identity deleted (or counted) its rows of a purged district; per-table counts, no district ids.'),
  classesDistrictPurged: event('classes.district.purged', Topics.classesDistrictPurges, district.districtPurged, 'classes deleted (or counted) its rows of a purged district; per-table counts, no district ids.'),
} as const;

export type EventKey = keyof typeof Events;
export type EventData<K extends EventKey> = z.infer<(typeof Events)[K]['schema']>;

const byType = new Map<string, EventDefinition>(Object.values(Events).map((e) => [e.type, e]));

export function eventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}

export function eventsOfTopic(topicName: string): EventDefinition[] {
  return Object.values(Events).filter((e) => e.topic.name === topicName);
}

export class ContractError extends Error {
  constructor(
    readonly code: 'ENVELOPE_INVALID' | 'UNKNOWN_EVENT_TYPE' | 'PAYLOAD_INVALID' | 'NOT_JSON',
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export interface NewEvent<S extends z.ZodType> {
  id: string;
  source: string;
  subject: string;
  districtId: string;
  version: number;
  data: z.input<S>;
  time?: string;
  traceparent?: string;
  correlationId?: string;
}

/** Builds a validated envelope; the payload is parsed, so fields outside the contract never travel. */
export function buildEnvelope<S extends z.ZodType>(def: EventDefinition<S>, e: NewEvent<S>): Envelope<z.infer<S>> {
  const parsed = def.schema.safeParse(e.data);
  if (!parsed.success) {
    throw new ContractError('PAYLOAD_INVALID', `${def.type}: ${z.prettifyError(parsed.error)}`);
  }
  const envelope = {
    id: e.id,
    type: def.type,
    source: e.source,
    subject: e.subject,
    time: e.time ?? new Date().toISOString(),
    districtId: e.districtId,
    version: e.version,
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
    ...(e.correlationId ? { correlationId: e.correlationId } : {}),
    data: parsed.data,
  };
  // Never publish what every consumer would reject (empty id, negative version, bad time...).
  const checked = envelopeSchema.safeParse(envelope);
  if (!checked.success) {
    throw new ContractError('ENVELOPE_INVALID', `${def.type}: ${z.prettifyError(checked.error)}`);
  }
  return envelope;
}

/** Parses a message value (JSON text or object) into an envelope whose payload matches its type. */
export function parseEnvelope(value: string | Buffer | unknown): Envelope {
  let raw: unknown = value;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      raw = JSON.parse(value.toString());
    } catch {
      throw new ContractError('NOT_JSON', 'message value is not JSON');
    }
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractError('ENVELOPE_INVALID', z.prettifyError(envelope.error));
  const def = byType.get(envelope.data.type);
  if (!def) throw new ContractError('UNKNOWN_EVENT_TYPE', `unknown event type ${envelope.data.type}`);
  const data = def.schema.safeParse(envelope.data.data);
  if (!data.success) throw new ContractError('PAYLOAD_INVALID', `${def.type}: ${z.prettifyError(data.error)}`);
  return { ...envelope.data, data: data.data };
}

/** Narrows a parsed envelope to one event type. */
export function isEvent<K extends EventKey>(e: Envelope, key: K): e is Envelope<EventData<K>> {
  return e.type === Events[key].type;
}
