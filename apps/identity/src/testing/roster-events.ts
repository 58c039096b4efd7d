import { Events, buildEnvelope, envelopeHeaders, eventDefinition, type Envelope, type EventData } from '@roster/contracts';
import type { OutgoingMessage } from '@roster/messaging';

/**
 * Builders of realistic roster envelopes (as clever-ingestion publishes them) for identity's tests and
 * benchmark. Ids are deterministic: `clever-event:<object id>:v<version>`.
 */
const source = 'clever-ingestion';

export function districtUpserted(data: EventData<'districtUpserted'>, version: number): Envelope {
  return buildEnvelope(Events.districtUpserted, { id: `clever-event:${data.cleverDistrictId}:v${version}`, source, subject: data.cleverDistrictId, districtId: data.cleverDistrictId, version, data });
}

export function districtDisconnected(data: EventData<'districtDisconnected'>, version: number): Envelope {
  return buildEnvelope(Events.districtDisconnected, { id: `clever-event:${data.cleverDistrictId}:v${version}`, source, subject: data.cleverDistrictId, districtId: data.cleverDistrictId, version, data });
}

export function schoolUpserted(data: EventData<'schoolUpserted'>, version: number): Envelope {
  return buildEnvelope(Events.schoolUpserted, { id: `clever-event:${data.cleverSchoolId}:v${version}`, source, subject: data.cleverSchoolId, districtId: data.cleverDistrictId, version, data });
}

export function schoolRemoved(data: EventData<'schoolRemoved'>, version: number): Envelope {
  return buildEnvelope(Events.schoolRemoved, { id: `clever-event:${data.cleverSchoolId}:v${version}`, source, subject: data.cleverSchoolId, districtId: data.cleverDistrictId, version, data });
}

export function userUpserted(data: EventData<'userUpserted'>, version: number, id = `clever-event:${data.cleverUserId}:v${version}`): Envelope {
  return buildEnvelope(Events.userUpserted, { id, source, subject: data.cleverUserId, districtId: data.cleverDistrictId, version, data });
}

export function userRemoved(data: EventData<'userRemoved'>, version: number): Envelope {
  return buildEnvelope(Events.userRemoved, { id: `clever-event:${data.cleverUserId}:v${version}`, source, subject: data.cleverUserId, districtId: data.cleverDistrictId, version, data });
}

/** The Kafka message of an envelope (logical topic, key = subject, CloudEvents headers). */
export function toMessage(e: Envelope): OutgoingMessage {
  return { topic: eventDefinition(e.type)!.topic.name, key: e.subject, value: JSON.stringify(e), headers: envelopeHeaders(e) };
}

/** A 24-hex Clever-like id (Mongo ObjectID shape) from a label. */
export function cleverId(kind: 'd' | 's' | 'u', n: number): string {
  const prefix = { d: '5f8d0c1b2a3e4f50', s: '5f8d0c1b2a3e4f51', u: '5f8d0c1b2a3e4f52' }[kind];
  return prefix + n.toString(16).padStart(8, '0');
}
