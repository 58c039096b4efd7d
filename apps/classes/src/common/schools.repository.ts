import { ProblemError } from '@roster/problems';
import { query, type EntityManager } from '@roster/persistence';

export interface SchoolRow {
  id: string;
  district_id: string;
  status: 'active' | 'removed';
}

export const schoolNotFound = () => new ProblemError(404, 'SCHOOL_NOT_FOUND', 'School not found');

/** The school as identity last described it; another district's school is answered as unknown. */
export async function findSchoolOfDistrict(em: EntityManager, id: string, districtId: string): Promise<SchoolRow> {
  const rows = await query<SchoolRow>(em, `select id, district_id, status from school where id = ?`, [id]);
  if (!rows[0] || rows[0].district_id !== districtId) throw schoolNotFound();
  return rows[0];
}
