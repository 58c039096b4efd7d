import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Actor, EnrollmentEndReason } from '@roster/contracts';
import { isoTime } from '@roster/contracts';
import { ClassEntity } from './class.entity';

/**
 * `enrollment`: a student in a class; ended rows stay as history. At most one ACTIVE row per (class,
 * student) (partial unique index). `version` is the enrollment's own: 1 started, 2 ended.
 */
export const EnrollmentEntity = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollment',
  properties: {
    id: p.uuid().primary(),
    districtId: p.uuid(),
    classId: () => p.manyToOne(ClassEntity).mapToPk().fieldName('class_id').foreignKeyName('enrollment_class_id_fkey'),
    schoolId: p.uuid(),
    studentId: p.uuid(),
    courseId: p.text().nullable(),
    status: p.enum(['active', 'ended'] as const),
    startedAt: p.datetime().defaultRaw('now()'),
    startedByType: p.text().$type<'user' | 'system'>(),
    startedById: p.text(),
    endedAt: p.datetime().nullable(),
    endReason: p.enum(['unenrolled', 'student_archived', 'left_school', 'class_archived', 'school_year_ended'] as const).nullable(),
    endedByType: p.text().$type<'user' | 'system'>().nullable(),
    endedById: p.text().nullable(),
    version: p.integer().default(1),
  },
  indexes: [
    { name: 'enrollment_active_school_idx', expression: "create index enrollment_active_school_idx on enrollment (school_id, student_id) where status = 'active'" },
    { name: 'enrollment_active_student_idx', expression: "create index enrollment_active_student_idx on enrollment (student_id) where status = 'active'" },
    { name: 'enrollment_class_idx', properties: ['classId', 'status'] },
  ],
  uniques: [
    { name: 'enrollment_active_key', expression: "create unique index enrollment_active_key on enrollment (class_id, student_id) where status = 'active'" },
  ],
});
export type EnrollmentRecord = InferEntity<typeof EnrollmentEntity>;

/** An enrollment as the use cases see it (timestamps ISO 8601). */
export interface Enrollment {
  id: string;
  districtId: string;
  classId: string;
  schoolId: string;
  studentId: string;
  courseId: string | null;
  status: 'active' | 'ended';
  startedAt: string;
  startedBy: Actor;
  endedAt?: string;
  endReason?: EnrollmentEndReason;
  endedBy?: Actor;
  version: number;
}

/** The enrollment columns as set-based SQL returns them (`returning e.*`). */
export interface EnrollmentRow {
  id: string;
  district_id: string;
  class_id: string;
  school_id: string;
  student_id: string;
  course_id: string | null;
  status: 'active' | 'ended';
  started_at: string | Date;
  started_by_type: Actor['type'];
  started_by_id: string;
  ended_at: string | Date | null;
  end_reason: EnrollmentEndReason | null;
  ended_by_type: Actor['type'] | null;
  ended_by_id: string | null;
  version: number;
}


export function toEnrollment(r: EnrollmentRecord): Enrollment {
  return {
    id: r.id,
    districtId: r.districtId,
    classId: r.classId,
    schoolId: r.schoolId,
    studentId: r.studentId,
    courseId: r.courseId ?? null,
    status: r.status,
    startedAt: isoTime(r.startedAt),
    startedBy: { type: r.startedByType, id: r.startedById },
    ...(r.endedAt ? { endedAt: isoTime(r.endedAt) } : {}),
    ...(r.endReason ? { endReason: r.endReason } : {}),
    ...(r.endedByType && r.endedById ? { endedBy: { type: r.endedByType, id: r.endedById } } : {}),
    version: r.version,
  };
}

export function enrollmentFromRow(r: EnrollmentRow): Enrollment {
  return {
    id: r.id,
    districtId: r.district_id,
    classId: r.class_id,
    schoolId: r.school_id,
    studentId: r.student_id,
    courseId: r.course_id,
    status: r.status,
    startedAt: isoTime(r.started_at),
    startedBy: { type: r.started_by_type, id: r.started_by_id },
    ...(r.ended_at ? { endedAt: isoTime(r.ended_at) } : {}),
    ...(r.end_reason ? { endReason: r.end_reason } : {}),
    ...(r.ended_by_type && r.ended_by_id ? { endedBy: { type: r.ended_by_type, id: r.ended_by_id } } : {}),
    version: r.version,
  };
}
