import { query, type EntityManager } from '@roster/persistence';
import { CLASS_VIEW_COLUMNS, toClassView, type ClassView } from '../../common/classes.repository';
import { Conditions, uuidArray } from '../../common/sql';

export interface ListClassesFilter {
  districtId: string;
  schoolId?: string;
  status?: 'active' | 'archived';
  /** Limit to classes in these schools, or taught by this account ('all': no limit). */
  scope: 'all' | { schoolIds: string[]; teacherId: string };
  after?: { name: string; id: string };
  limit: number;
}

/** Classes sorted by name then id, keyset-paged; `limit + 1` rows are read to know whether more exist. */
export async function listClasses(em: EntityManager, f: ListClassesFilter): Promise<ClassView[]> {
  const where = new Conditions('c.district_id = ?', f.districtId);
  if (f.schoolId) where.add('c.school_id = ?', f.schoolId);
  if (f.status) where.add('c.status = ?', f.status);
  if (f.scope !== 'all') {
    where.add(
      `(c.school_id = any(?::uuid[]) or exists (select 1 from class_teacher t where t.class_id = c.id and t.teacher_id = ?))`,
      uuidArray(f.scope.schoolIds),
      f.scope.teacherId,
    );
  }
  if (f.after) where.add('(c.name, c.id) > (?, ?::uuid)', f.after.name, f.after.id);
  const rows = await query<Parameters<typeof toClassView>[0]>(
    em,
    `select ${CLASS_VIEW_COLUMNS} from class c where ${where.sql} order by c.name, c.id limit ?`,
    [...where.params, f.limit + 1],
  );
  return rows.map(toClassView);
}
