import { createHash } from 'node:crypto';
import { conflict, invalid, type DomainError } from '@roster/problems';

/**
 * School years (issue 15): a district has one current year; a rollover ends it and starts the next.
 * Pure rules: names, the default year of a date, what a new year must satisfy.
 */
export interface SchoolYear {
  id: string;
  districtId: string;
  /** `2026–2027` (an en dash). */
  name: string;
  /** Calendar dates `YYYY-MM-DD`. */
  startsOn: string;
  endsOn: string;
  status: 'current' | 'ended';
}

/** A year as the API shows it (the district is the caller's). */
export function yearBody(y: SchoolYear): Omit<SchoolYear, 'districtId'> {
  return { id: y.id, name: y.name, startsOn: y.startsOn, endsOn: y.endsOn, status: y.status };
}

export const SCHOOL_YEAR_CODES = {
  nameInvalid: 'CLASSES.SCHOOL_YEAR_NAME_INVALID',
  startsTooEarly: 'CLASSES.SCHOOL_YEAR_STARTS_TOO_EARLY',
  exists: 'CLASSES.SCHOOL_YEAR_EXISTS',
  rolledOverMeanwhile: 'CLASSES.SCHOOL_YEAR_ROLLED_OVER',
  carryForwardInvalid: 'CLASSES.CARRY_FORWARD_INVALID',
  idempotencyKeyRequired: 'CLASSES.IDEMPOTENCY_KEY_REQUIRED',
  idempotencyKeyReused: 'CLASSES.IDEMPOTENCY_KEY_REUSED',
} as const;

/** The year a school year starts in, from its name (`2026–2027` or `2026-2027`), or undefined when it is not one. */
export function firstCalendarYear(name: string): number | undefined {
  const m = /^(\d{4})[–-](\d{4})$/.exec(name.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  return Number(m[2]) === first + 1 ? first : undefined;
}

export function yearName(first: number): string {
  return `${first}–${first + 1}`;
}

/**
 * The year a date falls in when a district has never said: US school years turn over in summer, so July 1
 * starts one (2026-12-03 → `2026–2027`, 2026-07-01..2027-06-30).
 */
export function defaultSchoolYear(today: Date): Pick<SchoolYear, 'name' | 'startsOn' | 'endsOn'> {
  const y = today.getUTCFullYear();
  const first = today.getUTCMonth() >= 6 ? y : y - 1;
  return { name: yearName(first), startsOn: `${first}-07-01`, endsOn: `${first + 1}-06-30` };
}

/**
 * The id of a district's default year: derived from the district and the name, so the year a read shows before it
 * is stored (reads store nothing) keeps its id once a rollover stores it.
 */
export function defaultSchoolYearId(districtId: string, name: string): string {
  const hex = createHash('md5').update(`school-year:${districtId.toLowerCase()}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The day before the same date a year later: a year that starts on 2027-08-15 ends on 2028-08-14. */
export function endOfYearStartingOn(startsOn: string): string {
  const d = new Date(`${startsOn}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface NextYearRequest {
  name: string;
  startsOn: string;
}

/**
 * The year a rollover would start, checked against the current one and the names the district has used:
 * a name is `YYYY–YYYY+1` starting in the calendar year it names; it starts after the current year started;
 * a name used before is refused (the same year cannot start twice).
 */
export function decideNextYear(current: SchoolYear, usedNames: readonly string[], req: NextYearRequest): Pick<SchoolYear, 'name' | 'startsOn' | 'endsOn'> {
  const first = firstCalendarYear(req.name);
  if (first === undefined) throw invalid(SCHOOL_YEAR_CODES.nameInvalid, 'a school year is named like 2026–2027 (two consecutive years)', { name: req.name });
  if (Number(req.startsOn.slice(0, 4)) !== first) {
    throw invalid(SCHOOL_YEAR_CODES.nameInvalid, `the year ${yearName(first)} starts in ${first}, not on ${req.startsOn}`, { name: req.name, startsOn: req.startsOn });
  }
  const name = yearName(first);
  if (usedNames.includes(name)) throw schoolYearExists(name);
  if (req.startsOn <= current.startsOn) {
    throw invalid(SCHOOL_YEAR_CODES.startsTooEarly, `the new year must start after the current year (${current.name}) started on ${current.startsOn}`, {
      startsOn: req.startsOn,
      currentStartsOn: current.startsOn,
    });
  }
  return { name, startsOn: req.startsOn, endsOn: endOfYearStartingOn(req.startsOn) };
}

export const schoolYearExists = (name: string): DomainError => conflict(SCHOOL_YEAR_CODES.exists, `the district already has the school year ${name}`, { name });

/**
 * Another rollover of the district ended the year this request was made against while it waited: the request
 * named a next year for `from`, and following it from `now` would end a year that has only just started.
 */
export const schoolYearRolledOver = (from: Pick<SchoolYear, 'name'>, now: Pick<SchoolYear, 'name'>): DomainError =>
  conflict(
    SCHOOL_YEAR_CODES.rolledOverMeanwhile,
    `another rollover ended ${from.name} while this one waited (the current year is now ${now.name}); nothing was changed`,
    { endedYear: from.name, currentYear: now.name },
  );

export const carryForwardInvalid = (classIds: string[]): DomainError =>
  invalid(SCHOOL_YEAR_CODES.carryForwardInvalid, 'carried-forward classes must be active classes of the ending year of this district', { classIds });

export const idempotencyKeyRequired = (): DomainError => invalid(SCHOOL_YEAR_CODES.idempotencyKeyRequired, 'a rollover needs an Idempotency-Key header');

export const idempotencyKeyReused = (): DomainError =>
  conflict(SCHOOL_YEAR_CODES.idempotencyKeyReused, 'this Idempotency-Key was used for a rollover with another request body');

/** Whether a placement tested on `testedOn` satisfies PLACEMENT_REQUIRED under the district's `placementValidity`. */
export function placementCounts(validity: PlacementValidity, testedOn: string, current: Pick<SchoolYear, 'startsOn'>): boolean {
  return validity === 'any' || testedOn >= current.startsOn;
}

export type PlacementValidity = 'any' | 'current_school_year';
