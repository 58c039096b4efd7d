import { query, type EntityManager } from '@roster/persistence';
import { CLASS_VIEW_COLUMNS, toClassView, type ClassView } from '../../common/classes.repository';
import { uuidArray } from '../../common/sql';

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
  const where = ['c.district_id = ?'];
  const params: unknown[] = [f.districtId];
  if (f.schoolId) (where.push('c.school_id = ?'), params.push(f.schoolId));
  if (f.status) (where.push('c.status = ?'), params.push(f.status));
  if (f.scope !== 'all') {
    where.push(`(c.school_id = any(?::uuid[]) or exists (select 1 from class_teacher t where t.class_id = c.id and t.teacher_id = ?))`);
    params.push(uuidArray(f.scope.schoolIds), f.scope.teacherId);
  }
  if (f.after) (where.push('(c.name, c.id) > (?, ?::uuid)'), params.push(f.after.name, f.after.id));
  params.push(f.limit + 1);
  const rows = await query<Parameters<typeof toClassView>[0]>(
    em,
    `select ${CLASS_VIEW_COLUMNS} from class c where ${where.join(' and ')} order by c.name, c.id limit ?`,
    params,
  );
  return rows.map(toClassView);
}
