import { CleverCollection, CleverEvent } from './types';

/**
 * The prior values on a `*.updated` event. Clever's placement is unconfirmed (swagger: top level;
 * Stripe-style: inside `data`), so read both. Don't depend on it: diffing against what you stored, or
 * just upserting `data.object`, is safer.
 */
export function previousAttributes(event: Pick<CleverEvent, 'data' | 'previous_attributes'>): Record<string, unknown> | undefined {
  return event.data?.previous_attributes ?? event.previous_attributes ?? undefined;
}

export type EventAction = 'created' | 'updated' | 'deleted';

/** `users.updated` → { collection: 'users', action: 'updated' }; unknown shapes → undefined. */
export function parseEventType(type: string): { collection: CleverCollection | string; action: EventAction } | undefined {
  const match = /^([a-z_]+)\.(created|updated|deleted)$/.exec(type);
  return match ? { collection: match[1], action: match[2] as EventAction } : undefined;
}
