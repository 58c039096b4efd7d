import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { SafeguardSettings } from '../domain/safeguard';

/**
 * `district_connection`: one row per Clever district the app is connected to (migration 0001). Tokens are
 * never stored (memory only). The events cursor lives here and moves in the same transaction as the
 * outbox rows its events produced; `next_*_at` are claimed with conditional updates (one replica each).
 */
export const DistrictConnection = defineEntity({
  name: 'DistrictConnection',
  tableName: 'district_connection',
  properties: {
    cleverDistrictId: p.text().primary(),
    state: p.enum(['connected', 'disconnected'] as const).default('connected'),
    stateSince: p.datetime().defaultRaw('now()'),
    disconnectedReason: p.text().strictNullable(),
    /** When token discovery first listed tokens without this district (migration 0004); null while it is listed. */
    tokenMissingSince: p.datetime().strictNullable(),
    /** Per-district safeguard threshold (percent of active users); null = the service default. */
    safeguardThresholdPercent: p.decimal('number').precision(5).scale(2).strictNullable(),
    /** Per-role safeguard thresholds (migration 0006, percent of the role's active accounts); null = the service default. */
    safeguardStudentsPercent: p.decimal('number').precision(5).scale(2).strictNullable(),
    safeguardTeachersPercent: p.decimal('number').precision(5).scale(2).strictNullable(),
    /** Staff and district admins. */
    safeguardStaffPercent: p.decimal('number').precision(5).scale(2).strictNullable(),
    /** A role holds a run only when at least this many of its accounts would be archived; null = the service default. */
    safeguardMinimumCount: p.integer().strictNullable(),
    eventsCursor: p.text().strictNullable(),
    eventsCursorAt: p.datetime().strictNullable(),
    cursorInitialized: p.boolean().default(false),
    lastEventsPollAt: p.datetime().strictNullable(),
    nextEventsPollAt: p.datetime().defaultRaw('now()'),
    nextFullSyncAt: p.datetime().strictNullable(),
    lastFullSyncAt: p.datetime().strictNullable(),
    lastSuccessfulFullSyncAt: p.datetime().strictNullable(),
    /** Version counter of the district's `roster.sync-runs.v1` events. */
    runEventsVersion: p.bigint('number').defaultRaw('0'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  // The migration's `between 0 and 100`, spelled as PostgreSQL stores it (it expands `between`), so the diff compares equal.
  checks: [
    { name: 'district_connection_safeguard_threshold_percent_check', expression: 'safeguard_threshold_percent >= 0 and safeguard_threshold_percent <= 100' },
    { name: 'district_connection_safeguard_students_percent_check', expression: 'safeguard_students_percent >= 0 and safeguard_students_percent <= 100' },
    { name: 'district_connection_safeguard_teachers_percent_check', expression: 'safeguard_teachers_percent >= 0 and safeguard_teachers_percent <= 100' },
    { name: 'district_connection_safeguard_staff_percent_check', expression: 'safeguard_staff_percent >= 0 and safeguard_staff_percent <= 100' },
    { name: 'district_connection_safeguard_minimum_count_check', expression: 'safeguard_minimum_count >= 0' },
  ],
});

export type DistrictConnection = InferEntity<typeof DistrictConnection>;

/** The district's safeguard threshold: its own setting, else the service default. */
export function thresholdOf(conn: Pick<DistrictConnection, 'safeguardThresholdPercent'> | null | undefined, fallback: number): number {
  return conn?.safeguardThresholdPercent != null ? Number(conn.safeguardThresholdPercent) : fallback;
}

/** The district's safeguard settings: its own values, else the service defaults. */
export function safeguardSettingsOf(
  conn: Pick<DistrictConnection, 'safeguardThresholdPercent' | 'safeguardStudentsPercent' | 'safeguardTeachersPercent' | 'safeguardStaffPercent' | 'safeguardMinimumCount'> | null | undefined,
  defaults: SafeguardSettings,
): SafeguardSettings {
  const num = (v: number | null | undefined, fallback: number) => (v != null ? Number(v) : fallback);
  return {
    thresholdPercent: num(conn?.safeguardThresholdPercent, defaults.thresholdPercent),
    roles: {
      students: num(conn?.safeguardStudentsPercent, defaults.roles.students),
      teachers: num(conn?.safeguardTeachersPercent, defaults.roles.teachers),
      staff: num(conn?.safeguardStaffPercent, defaults.roles.staff),
    },
    minimumCount: num(conn?.safeguardMinimumCount, defaults.minimumCount),
  };
}
