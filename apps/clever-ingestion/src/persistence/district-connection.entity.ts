import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * `district_connection`: one row per Clever district the app is connected to (migration 0001). Tokens are
 * never stored (memory only). The events cursor lives here and moves in the same transaction as the
 * outbox rows its events produced; `next_*_at` are claimed with conditional updates (one replica each).
 */
export const DistrictConnection = defineEntity({
  name: 'DistrictConnection',
  tableName: 'district_connection',
  properties: {
    cleverDistrictId: p.string().primary(),
    state: p.enum(['connected', 'disconnected'] as const).default('connected'),
    stateSince: p.datetime().defaultRaw('now()'),
    disconnectedReason: p.string().strictNullable(),
    /** Per-district safeguard threshold (percent of active users); null = the service default. */
    safeguardThresholdPercent: p.decimal('number').strictNullable(),
    eventsCursor: p.string().strictNullable(),
    eventsCursorAt: p.datetime().strictNullable(),
    cursorInitialized: p.boolean().default(false),
    lastEventsPollAt: p.datetime().strictNullable(),
    nextEventsPollAt: p.datetime().defaultRaw('now()'),
    nextFullSyncAt: p.datetime().strictNullable(),
    lastFullSyncAt: p.datetime().strictNullable(),
    lastSuccessfulFullSyncAt: p.datetime().strictNullable(),
    /** Version counter of the district's `roster.sync-runs.v1` events. */
    runEventsVersion: p.bigint('number').default(0),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export type DistrictConnection = InferEntity<typeof DistrictConnection>;

/** The district's safeguard threshold: its own setting, else the service default. */
export function thresholdOf(conn: Pick<DistrictConnection, 'safeguardThresholdPercent'> | null | undefined, fallback: number): number {
  return conn?.safeguardThresholdPercent != null ? Number(conn.safeguardThresholdPercent) : fallback;
}
