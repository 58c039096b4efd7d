import { FaultRule } from '../faults/faults';
import { DistrictSpec } from '../generator/plan';
import { JsonObject } from '../generator/records';
import { RequestStats } from '../http/request-log';
import { ExpiredCursorAnswer, PreviousAttributesPlacement, SsoForbiddenAnswer } from '../options';
import { EntryState } from '../store/collection';
import { StoredEvent } from '../store/event-log';
import { DistrictCounts, MalformedKind, SandboxStore } from '../store/sandbox-store';

export interface DistrictSummary {
  id: string;
  name: string;
  /** The current district-app token (undefined once revoked). */
  token: string | undefined;
}

/** Settings that may change while the sandbox runs. */
export interface SandboxSettings {
  eventsEnabled: boolean;
  expiredCursor: ExpiredCursorAnswer;
  previousAttributes: PreviousAttributesPlacement;
  prevLinks: boolean;
  rateLimitPerMinute: number | null;
  ssoForbidden: SsoForbiddenAnswer;
  defaultLimit: number;
}

const SETTING_KEYS: ReadonlyArray<keyof SandboxSettings> = [
  'eventsEnabled', 'expiredCursor', 'previousAttributes', 'prevLinks', 'rateLimitPerMinute', 'ssoForbidden', 'defaultLimit',
];

/**
 * The sandbox's control surface. Tests call it in-process; `/__sandbox/*` exposes the same operations
 * over HTTP. Every data change emits the Clever event a real district change would.
 */
export class SandboxAdmin {
  constructor(private readonly store: SandboxStore) {}

  // ------------------------------------------------------------------ districts and tokens

  addDistrict(spec: DistrictSpec = {}): DistrictSummary {
    return this.summary(this.store.addDistrict(spec).id);
  }

  districts(): DistrictSummary[] {
    return this.store.listDistricts().map((d) => this.summary(d.id));
  }

  district(districtId: string): DistrictSummary {
    return this.summary(districtId);
  }

  private summary(districtId: string): DistrictSummary {
    const d = this.store.district(districtId);
    return { id: d.id, name: String(d.collections.districts.getAny(d.id)?.record.name ?? ''), token: d.tokens[0] };
  }

  token(districtId: string): string | undefined {
    return this.store.district(districtId).tokens[0];
  }

  revokeToken(districtId: string): void {
    this.store.revokeToken(districtId);
  }

  rotateToken(districtId: string): string {
    return this.store.rotateToken(districtId);
  }

  counts(districtId: string): DistrictCounts {
    return this.store.counts(districtId);
  }

  // ------------------------------------------------------------------ records

  /** A record whatever its sharing state, or undefined. */
  get(districtId: string, collection: string, id: string): { record: JsonObject; state: EntryState } | undefined {
    const d = this.store.district(districtId);
    return (d.collections as Record<string, (typeof d.collections)['users']>)[collection]?.getAny(id);
  }

  /** The first `limit` shared ids of a collection (optionally of one role): handy for picking test subjects. */
  sampleIds(districtId: string, collection: string, options: { role?: string; limit?: number; after?: string } = {}): string[] {
    const d = this.store.district(districtId);
    const coll = (d.collections as Record<string, (typeof d.collections)['users']>)[collection];
    if (!coll) return [];
    const filter = options.role ? { role: options.role } : {};
    return coll.after(options.after ?? null, options.limit ?? 10, filter).items.map((it) => it.id);
  }

  create(districtId: string, collection: string, record: JsonObject = {}): JsonObject {
    return this.store.create(districtId, collection, record);
  }

  update(districtId: string, collection: string, id: string, patch: JsonObject, options: { replace?: boolean } = {}): JsonObject {
    return this.store.update(districtId, collection, id, patch, options);
  }

  remove(districtId: string, collection: string, id: string): void {
    this.store.remove(districtId, collection, id);
  }

  unshare(districtId: string, collection: string, id: string): void {
    this.store.unshare(districtId, collection, id);
  }

  reshare(districtId: string, collection: string, id: string): JsonObject {
    return this.store.reshare(districtId, collection, id);
  }

  createUser(districtId: string, user: JsonObject): JsonObject {
    return this.create(districtId, 'users', user);
  }

  updateUser(districtId: string, id: string, patch: JsonObject): JsonObject {
    return this.update(districtId, 'users', id, patch);
  }

  deleteUser(districtId: string, id: string): void {
    this.remove(districtId, 'users', id);
  }

  unshareUser(districtId: string, id: string): void {
    this.unshare(districtId, 'users', id);
  }

  reshareUser(districtId: string, id: string): JsonObject {
    return this.reshare(districtId, 'users', id);
  }

  moveStudent(districtId: string, studentId: string, toSchoolId: string): JsonObject {
    return this.store.moveStudent(districtId, studentId, toSchoolId);
  }

  addMalformedUser(districtId: string, kind: MalformedKind): { sortId: string; record: JsonObject } {
    return this.store.addMalformedUser(districtId, kind);
  }

  /** The district's feed as stored (all events, including ones past retention). */
  events(districtId: string): readonly StoredEvent[] {
    return this.store.district(districtId).events.all();
  }

  // ------------------------------------------------------------------ behaviour

  settings(): SandboxSettings {
    const o = this.store.options;
    return Object.fromEntries(SETTING_KEYS.map((k) => [k, o[k]])) as unknown as SandboxSettings;
  }

  configure(settings: Partial<SandboxSettings>): SandboxSettings {
    const o = this.store.options as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(settings)) {
      if (!SETTING_KEYS.includes(key as keyof SandboxSettings)) throw new TypeError(`unknown setting ${key}`);
      if (value !== undefined) o[key] = value;
    }
    this.store.rateLimiter.perMinute = this.store.options.rateLimitPerMinute;
    return this.settings();
  }

  setEventsEnabled(enabled: boolean): void {
    this.configure({ eventsEnabled: enabled });
  }

  now(): number {
    return this.store.now();
  }

  advanceClock(ms: number): number {
    return this.store.clock.advance(ms);
  }

  injectFault(rule: FaultRule): number {
    return this.store.faults.add(rule);
  }

  clearFaults(): void {
    this.store.faults.clear();
  }

  faults(): Array<FaultRule & { id: number; remaining: number }> {
    return this.store.faults.list();
  }

  requests(): RequestStats {
    return this.store.requests.stats();
  }

  /** Requests so far whose path (or "METHOD path") starts with the prefix. */
  requestCount(prefix = ''): number {
    return this.store.requests.count(prefix);
  }

  resetRequests(): void {
    this.store.requests.reset();
  }
}
