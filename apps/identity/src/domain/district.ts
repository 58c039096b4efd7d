export type ConnectionStatus = 'connected' | 'disconnected';

/**
 * A district as identity keeps it: our id for the Clever district and its connection status. A district
 * referenced by a school or user before its own event is a placeholder (`name` null). Districts are not
 * published (no topic); a disconnection deletes nothing.
 */
export interface District {
  districtId: string;
  cleverDistrictId: string;
  name: string | null;
  cleverState: string | null;
  connection: ConnectionStatus;
  disconnectedReason: string | null;
  connectionChangedAt: string | null;
  sourceVersion: number;
}

export type DistrictEvent =
  | { kind: 'upserted'; version: number; name: string; state?: string }
  | { kind: 'disconnected'; version: number; reason: string };

export function placeholderDistrict(districtId: string, cleverDistrictId: string): District {
  return { districtId, cleverDistrictId, name: null, cleverState: null, connection: 'connected', disconnectedReason: null, connectionChangedAt: null, sourceVersion: -1 };
}

/** Applies one district's roster events in order (version-guarded). */
export function foldDistrict(current: District, events: readonly DistrictEvent[], ctx: { now: string }): { district: District; dirty: boolean } {
  let district = current;
  let dirty = false;
  for (const event of events) {
    if (event.version <= district.sourceVersion) continue;
    dirty = true;
    if (event.kind === 'upserted') {
      const reconnected = district.connection === 'disconnected';
      district = {
        ...district,
        name: event.name.trim(),
        cleverState: event.state ?? null,
        connection: 'connected',
        disconnectedReason: null,
        connectionChangedAt: reconnected || district.connectionChangedAt === null ? ctx.now : district.connectionChangedAt,
        sourceVersion: event.version,
      };
    } else {
      const changed = district.connection !== 'disconnected';
      district = {
        ...district,
        connection: 'disconnected',
        disconnectedReason: event.reason,
        connectionChangedAt: changed ? ctx.now : district.connectionChangedAt,
        sourceVersion: event.version,
      };
    }
  }
  return { district, dirty };
}
