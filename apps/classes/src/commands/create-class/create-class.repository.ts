import { execute, valuesPlaceholders, type EntityManager } from '@roster/persistence';
import type { Actor } from '@roster/contracts';
import type { ClassRow } from '../../common/classes.repository';

export async function insertClass(
  em: EntityManager,
  c: { id: string; districtId: string; schoolId: string; name: string; courseId: string | null; teacherIds: string[]; needsTeacher: boolean },
  actor: Actor,
): Promise<Omit<ClassRow, 'created_at' | 'updated_at'>> {
  await execute(
    em,
    `insert into class (id, district_id, school_id, name, course_id, status, needs_teacher, version, created_by_type, created_by_id)
     values (?, ?, ?, ?, ?, 'active', ?, 1, ?, ?)`,
    [c.id, c.districtId, c.schoolId, c.name, c.courseId, c.needsTeacher, actor.type, actor.id],
  );
  if (c.teacherIds.length > 0) {
    await execute(
      em,
      `insert into class_teacher (class_id, teacher_id) values ${valuesPlaceholders(c.teacherIds.length, 2, ['uuid', 'uuid'])}`,
      c.teacherIds.flatMap((t) => [c.id, t]),
    );
  }
  return {
    id: c.id,
    district_id: c.districtId,
    school_id: c.schoolId,
    name: c.name,
    course_id: c.courseId,
    status: 'active',
    needs_teacher: c.needsTeacher,
    version: 1,
    teacher_ids: c.teacherIds,
  };
}
