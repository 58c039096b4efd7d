/** A rollover's (or its preview's) request. */
export interface RolloverInput {
  name: string;
  startsOn: string;
  carryForwardClassIds?: string[];
}

/** Counts of one school in a rollover's preview or result (the two are compared field by field). */
export interface SchoolRolloverCounts {
  schoolId: string;
  name?: string;
  classesToArchive: number;
  enrollmentsToEnd: number;
  studentsReturning: number;
  classesCarriedForward: number;
}

export type RolloverTotals = Omit<SchoolRolloverCounts, 'schoolId' | 'name'>;

export function totalsOf(schools: readonly SchoolRolloverCounts[]): RolloverTotals {
  const t: RolloverTotals = { classesToArchive: 0, enrollmentsToEnd: 0, studentsReturning: 0, classesCarriedForward: 0 };
  for (const s of schools) {
    t.classesToArchive += s.classesToArchive;
    t.enrollmentsToEnd += s.enrollmentsToEnd;
    t.studentsReturning += s.studentsReturning;
    t.classesCarriedForward += s.classesCarriedForward;
  }
  return t;
}

/** Schools in the order both the preview and the result list them: by name, then id. */
export function sortSchools<T extends { schoolId: string; name?: string }>(schools: T[]): T[] {
  return schools.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
}

/** The request a rollover's idempotency key stands for; a repeat must send the same one. */
export function normalizedRolloverRequest(r: { name: string; startsOn: string; carryForwardClassIds?: readonly string[] }) {
  return { name: r.name.trim(), startsOn: r.startsOn, carryForwardClassIds: [...new Set((r.carryForwardClassIds ?? []).map((id) => id.toLowerCase()))].sort() };
}
