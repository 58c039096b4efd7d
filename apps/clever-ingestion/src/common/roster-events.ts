import { Events } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import type { PlannedEvent } from '../domain/plan';

/** A planned change (domain/plan.ts) as its `roster.*` outbox item (key = the Clever id, `districtId` = the Clever district id). */
export function outboxItem(districtId: string, e: PlannedEvent): OutboxItem | undefined {
  const base = { id: e.envelopeId, subject: e.cleverId, districtId, version: e.version };
  if (e.kind === 'upserted') {
    switch (e.recordType) {
      case 'district':
        return { def: Events.districtUpserted, event: { ...base, data: e.payload } } as OutboxItem;
      case 'school':
        return { def: Events.schoolUpserted, event: { ...base, data: e.payload } } as OutboxItem;
      case 'user':
        return { def: Events.userUpserted, event: { ...base, data: e.payload } } as OutboxItem;
      case 'section':
        return { def: Events.sectionUpserted, event: { ...base, data: e.payload } } as OutboxItem;
    }
  }
  const removed = { cleverDistrictId: districtId, reason: e.reason };
  switch (e.recordType) {
    case 'school':
      return { def: Events.schoolRemoved, event: { ...base, data: { ...removed, cleverSchoolId: e.cleverId } } } as OutboxItem;
    case 'user':
      return { def: Events.userRemoved, event: { ...base, data: { ...removed, cleverUserId: e.cleverId } } } as OutboxItem;
    case 'section':
      return { def: Events.sectionRemoved, event: { ...base, data: { ...removed, cleverSectionId: e.cleverId } } } as OutboxItem;
    default:
      return undefined; // a district is never "removed": it disconnects (roster.district.disconnected)
  }
}

export function outboxItems(districtId: string, events: readonly PlannedEvent[]): OutboxItem[] {
  const out: OutboxItem[] = [];
  for (const e of events) {
    const item = outboxItem(districtId, e);
    if (item) out.push(item);
  }
  return out;
}
