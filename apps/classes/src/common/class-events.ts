import { Events, type Actor } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import type { SchoolClass } from '../domain/class-rules';

export type ClassEventKind = 'created' | 'updated' | 'archived';

/**
 * A class event with the full ClassState. The id is the class id and its version: one event per
 * version, so writing it twice writes the same event.
 */
export function classEvent(kind: ClassEventKind, cls: Omit<SchoolClass, 'createdAt' | 'updatedAt'>, actor: Actor, changed: string[] = []): OutboxItem {
  const state = {
    classId: cls.id,
    districtId: cls.districtId,
    schoolId: cls.schoolId,
    name: cls.name,
    courseId: cls.courseId,
    teacherIds: cls.teacherIds,
    status: cls.status,
    needsTeacher: cls.needsTeacher,
    actor,
  };
  const def = kind === 'created' ? Events.classCreated : kind === 'archived' ? Events.classArchived : Events.classUpdated;
  return {
    def,
    event: {
      id: `classes.class:${cls.id}:v${cls.version}`,
      subject: cls.id,
      districtId: cls.districtId,
      version: cls.version,
      data: kind === 'updated' ? { ...state, changed } : state,
    },
  } as OutboxItem;
}
