/** A class of a school, with its sorted teacher ids (ClassState of the events, without the actor). */
export interface SchoolClass {
  id: string;
  districtId: string;
  schoolId: string;
  name: string;
  courseId: string | null;
  status: 'active' | 'archived';
  needsTeacher: boolean;
  /** Moves on by one with every change a consumer can see. */
  version: number;
  teacherIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** How a class changes: which fields a consumer can see changed, and when it needs a teacher. */
export interface ClassSnapshot {
  name: string;
  courseId: string | null;
  teacherIds: string[];
  needsTeacher: boolean;
}

export interface ClassPatch {
  name?: string;
  /** `null` clears the course. */
  courseId?: string | null;
  addTeacherIds?: string[];
  removeTeacherIds?: string[];
}

/** A class with no active teacher is flagged, never deleted (teachers that left are removed from it). */
export function needsTeacher(teacherIds: readonly string[]): boolean {
  return teacherIds.length === 0;
}

/** The teachers of a new class: those asked for, plus the creating teacher (who becomes one). */
export function initialTeachers(requested: readonly string[], creatingTeacherId?: string): string[] {
  const ids = new Set(requested);
  if (creatingTeacherId) ids.add(creatingTeacherId);
  return [...ids].sort();
}

export function applyClassPatch(current: ClassSnapshot, patch: ClassPatch): { next: ClassSnapshot; changed: string[]; added: string[]; removed: string[] } {
  const changed: string[] = [];
  const name = patch.name ?? current.name;
  if (name !== current.name) changed.push('name');
  const courseId = patch.courseId === undefined ? current.courseId : patch.courseId;
  if (courseId !== current.courseId) changed.push('courseId');
  const teachers = new Set(current.teacherIds);
  const added = (patch.addTeacherIds ?? []).filter((id) => !teachers.has(id));
  for (const id of added) teachers.add(id);
  const removed = [...new Set(patch.removeTeacherIds ?? [])].filter((id) => teachers.has(id));
  for (const id of removed) teachers.delete(id);
  const teacherIds = [...teachers].sort();
  if (added.length > 0 || removed.length > 0) changed.push('teacherIds');
  const flag = needsTeacher(teacherIds);
  if (flag !== current.needsTeacher) changed.push('needsTeacher');
  return { next: { name, courseId, teacherIds, needsTeacher: flag }, changed, added: [...new Set(added)], removed };
}
