import { execute, valuesPlaceholders, type EntityManager } from '@roster/persistence';
import type { ClassSnapshot } from '../../domain/class-rules';
import { uuidArray } from '../../common/sql';

/** Writes a class's new name, course, teachers and flag, with its next version. */
export async function saveClassChange(
  em: EntityManager,
  classId: string,
  next: ClassSnapshot & { version: number },
  added: string[],
  removed: string[],
): Promise<void> {
  await execute(em, `update class set name = ?, course_id = ?, needs_teacher = ?, version = ?, updated_at = now() where id = ?`, [
    next.name,
    next.courseId,
    next.needsTeacher,
    next.version,
    classId,
  ]);
  if (added.length > 0) {
    await execute(
      em,
      `insert into class_teacher (class_id, teacher_id) values ${valuesPlaceholders(added.length, 2, ['uuid', 'uuid'])} on conflict do nothing`,
      added.flatMap((t) => [classId, t]),
    );
  }
  if (removed.length > 0) {
    await execute(em, `delete from class_teacher where class_id = ? and teacher_id = any(?::uuid[])`, [classId, uuidArray(removed)]);
  }
}
