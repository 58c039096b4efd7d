import { DistrictGenerator } from '../generator/district-generator';
import { CollectionName, COLLECTIONS, isRole, JsonObject, rolesOf } from '../generator/records';
import { BaseSource, LazyCollection } from './collection';
import { EventLog } from './event-log';

/** Everything the sandbox holds for one district: generated data + overlay, its feed and its tokens. */
export class DistrictState {
  readonly collections: Record<CollectionName, LazyCollection>;
  readonly events = new EventLog();
  /** Active district-app tokens (one normally; none once revoked). */
  tokens: string[] = [];
  rotations = 0;

  constructor(readonly generator: DistrictGenerator) {
    const g = generator;
    const source = (name: CollectionName, build: (i: number) => JsonObject): BaseSource => ({
      count: g.counts[name],
      idOf: (i) => g.idOf(name, i),
      build,
    });
    const users: BaseSource = {
      ...source('users', (i) => g.user(i)),
      writeJson: (out, i, version) => g.writeUserJson(out, i, version),
      ranges: (filter) => (filter.role && isRole(filter.role) ? { ranges: g.roleRanges(filter.role), exact: true } : undefined),
    };
    const noRoles = () => [];
    this.collections = {
      districts: new LazyCollection('districts', source('districts', () => g.district()), noRoles),
      schools: new LazyCollection('schools', source('schools', (k) => g.school(k)), noRoles),
      courses: new LazyCollection('courses', source('courses', (c) => g.course(c)), noRoles),
      terms: new LazyCollection('terms', source('terms', (t) => g.term(t)), noRoles),
      users: new LazyCollection('users', users, rolesOf),
      sections: new LazyCollection('sections', source('sections', (s) => g.section(s)), noRoles),
    };
  }

  get id(): string {
    return this.generator.districtId;
  }

  get ordinal(): number {
    return this.generator.ordinal;
  }

  /** Finds which collection holds an id (for /me, SSO and admin look-ups). */
  locate(id: string): { collection: CollectionName; record: JsonObject } | undefined {
    for (const collection of COLLECTIONS) {
      const record = this.collections[collection].get(id);
      if (record) return { collection, record };
    }
    return undefined;
  }
}
