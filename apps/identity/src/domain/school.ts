import type { SchoolState } from '@roster/contracts';
import { changedFields, clean, pick } from './values';
import { compact } from '@roster/contracts';

export type SchoolStatus = 'active' | 'removed';

/** What a `roster.school.upserted` brings (with our district id). */
export interface SchoolDetails {
  districtId: string;
  cleverDistrictId: string;
  name: string;
  sisId?: string;
  schoolNumber?: string;
  stateId?: string;
  lowGrade?: string;
  highGrade?: string;
}

/**
 * A school as identity keeps it. A school a user refers to before its own event arrived is a placeholder:
 * known by its Clever id only (`name` null), never published, filled in when its event arrives.
 */
export interface School extends Omit<SchoolDetails, 'name'> {
  schoolId: string;
  cleverSchoolId: string;
  name: string | null;
  status: SchoolStatus;
  sourceVersion: number;
  version: number;
  removedAt: string | null;
}

export const VISIBLE_SCHOOL_FIELDS = [
  'districtId',
  'cleverDistrictId',
  'name',
  'sisId',
  'schoolNumber',
  'stateId',
  'lowGrade',
  'highGrade',
  'status',
] as const satisfies readonly (keyof School)[];

export type SchoolEvent<M = unknown> =
  | { kind: 'upserted'; version: number; details: SchoolDetails; meta: M }
  | { kind: 'removed'; version: number; meta: M };

export interface SchoolChange<M = unknown> {
  type: 'upserted' | 'removed';
  school: School;
  meta: M;
}

export function isPlaceholder(school: Pick<School, 'name'>): boolean {
  return school.name === null;
}

/** A placeholder for a school referenced before its own event (version guard below any real event). */
export function placeholderSchool(schoolId: string, cleverSchoolId: string, district: { districtId: string; cleverDistrictId: string }): School {
  return { schoolId, cleverSchoolId, ...district, name: null, status: 'active', sourceVersion: -1, version: 0, removedAt: null };
}

export function schoolDetails(
  data: { name: string; sisId?: string; schoolNumber?: string; stateId?: string; lowGrade?: string; highGrade?: string },
  district: { districtId: string; cleverDistrictId: string },
): SchoolDetails {
  return compact({
    ...district,
    name: data.name.trim(),
    sisId: clean(data.sisId),
    schoolNumber: clean(data.schoolNumber),
    stateId: clean(data.stateId),
    lowGrade: clean(data.lowGrade),
    highGrade: clean(data.highGrade),
  });
}

/**
 * Applies one school's roster events in order: newer upserts fill a placeholder or update the school
 * (published only when a visible field changed), a removal marks it removed (published once it was
 * published at all). Events not newer than the applied source version are ignored.
 */
export function foldSchool<M>(current: School, events: readonly SchoolEvent<M>[], ctx: { now: string }): { school: School; changes: SchoolChange<M>[]; dirty: boolean } {
  let school = current;
  const changes: SchoolChange<M>[] = [];
  let dirty = false;
  for (const event of events) {
    if (event.version <= school.sourceVersion) continue;
    dirty = true;
    if (event.kind === 'upserted') {
      const next: School = {
        schoolId: school.schoolId,
        cleverSchoolId: school.cleverSchoolId,
        ...event.details,
        status: 'active',
        sourceVersion: event.version,
        version: school.version,
        removedAt: null,
      };
      if (isPlaceholder(school) || changedFields(school, next, VISIBLE_SCHOOL_FIELDS).length > 0) {
        school = { ...next, version: school.version + 1 };
        changes.push({ type: 'upserted', school, meta: event.meta });
      } else {
        school = { ...school, sourceVersion: event.version };
      }
    } else if (school.status === 'active') {
      const published = !isPlaceholder(school);
      school = { ...school, status: 'removed', removedAt: ctx.now, sourceVersion: event.version, version: school.version + (published ? 1 : 0) };
      if (published) changes.push({ type: 'removed', school, meta: event.meta });
    } else {
      school = { ...school, sourceVersion: event.version };
    }
  }
  return { school, changes, dirty };
}

/** The school as published on `identity.schools.v1`: its ids and visible fields (never called for a placeholder). */
export function schoolState(s: School): SchoolState {
  const name = s.name;
  if (name === null) throw new Error(`school ${s.schoolId} is a placeholder and has no published state`);
  return { schoolId: s.schoolId, cleverSchoolId: s.cleverSchoolId, ...pick(s, VISIBLE_SCHOOL_FIELDS), name };
}
