import type { AccountRole } from '@roster/contracts';
import type { DistrictSummaryBody } from '@roster/internal-api';
import { ACCOUNT_ROLES } from '../../domain/roles';
import type { CountRow } from '../../persistence/accounts.repository';

export type StatusCounts = { active: number; archived: number };
export type ByRole = Record<AccountRole, StatusCounts>;

export type DistrictSummary = DistrictSummaryBody;

function emptyByRole(): ByRole {
  return Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, { active: 0, archived: 0 }])) as ByRole;
}

function fill(target: ByRole, rows: CountRow[]): ByRole {
  for (const row of rows) {
    const counts = target[row.role as AccountRole];
    if (counts && (row.status === 'active' || row.status === 'archived')) counts[row.status] += Number(row.count);
  }
  return target;
}

/** Assembles the summary from grouped counts: every role appears, with zeros where nobody holds it. */
export function buildSummary(
  districtId: string,
  totals: CountRow[],
  schools: { schoolId: string; name: string }[],
  perSchool: (CountRow & { schoolId: string })[],
): DistrictSummary {
  const bySchool = new Map<string, CountRow[]>();
  for (const row of perSchool) bySchool.set(row.schoolId, [...(bySchool.get(row.schoolId) ?? []), row]);
  return {
    districtId,
    totals: { byRole: fill(emptyByRole(), totals) },
    schools: schools.map((s) => ({ schoolId: s.schoolId, name: s.name, byRole: fill(emptyByRole(), bySchool.get(s.schoolId) ?? []) })),
  };
}
