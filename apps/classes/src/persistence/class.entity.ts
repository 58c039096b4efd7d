import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Actor } from '@roster/contracts';
import type { SchoolClass } from '../domain/class-rules';

/** `class`: a class of a school; `version` moves on with every change a consumer can see. */
export const ClassEntity = defineEntity({
  name: 'SchoolClass',
  tableName: 'class',
  properties: {
    id: p.uuid().primary(),
    districtId: p.uuid(),
    schoolId: p.uuid(),
    name: p.text(),
    courseId: p.text().nullable(),
    status: p.enum(['active', 'archived'] as const).default('active'),
    needsTeacher: p.boolean(),
    version: p.integer(),
    createdByType: p.text().$type<'user' | 'system'>(),
    createdById: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    archivedAt: p.datetime().nullable(),
    /** Filled from the district's current year by the class_school_year trigger when not given (migration 0005). */
    schoolYearId: p.uuid().nullable(),
    archiveReason: p.text().nullable(),
  },
  indexes: [
    { name: 'class_list_idx', properties: ['districtId', 'name', 'id'] },
    { name: 'class_school_idx', properties: ['schoolId', 'name', 'id'] },
    { name: 'class_school_year_idx', properties: ['districtId', 'schoolYearId', 'status'] },
  ],
});
export type ClassRecord = InferEntity<typeof ClassEntity>;

/** `class_teacher`: the teachers of a class. */
export const ClassTeacherEntity = defineEntity({
  name: 'ClassTeacher',
  tableName: 'class_teacher',
  properties: {
    classId: () => p.manyToOne(ClassEntity).primary().mapToPk().fieldName('class_id').foreignKeyName('class_teacher_class_id_fkey'),
    teacherId: p.uuid().primary(),
    addedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'class_teacher_teacher_idx', properties: ['teacherId'] }],
});
export type ClassTeacherRecord = InferEntity<typeof ClassTeacherEntity>;

/** The class as the domain sees it, with its sorted teacher ids. */
export function toSchoolClass(r: ClassRecord, teacherIds: readonly string[]): SchoolClass {
  return {
    id: r.id,
    districtId: r.districtId,
    schoolId: r.schoolId,
    name: r.name,
    courseId: r.courseId ?? null,
    status: r.status,
    needsTeacher: r.needsTeacher,
    version: r.version,
    teacherIds: [...teacherIds].sort(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The row of a new class (version 1). */
export function newClassRecord(c: Omit<SchoolClass, 'status' | 'version' | 'teacherIds' | 'createdAt' | 'updatedAt'>, actor: Actor) {
  const now = new Date();
  return {
    id: c.id,
    districtId: c.districtId,
    schoolId: c.schoolId,
    name: c.name,
    courseId: c.courseId,
    status: 'active' as const,
    needsTeacher: c.needsTeacher,
    version: 1,
    createdByType: actor.type,
    createdById: actor.id,
    createdAt: now,
    updatedAt: now,
  };
}
