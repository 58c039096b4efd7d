import { Events, type Actor, type EnrollmentEndReason } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import type { AuditEntry } from './audit.repository';
import { iso } from './sql';

/** An enrollment row as raw SQL returns it (`returning e.*`). */
export interface EnrollmentRow {
  id: string;
  district_id: string;
  class_id: string;
  school_id: string;
  student_id: string;
  course_id: string | null;
  status: 'active' | 'ended';
  started_at: string;
  started_by_type: Actor['type'];
  started_by_id: string;
  ended_at: string | null;
  end_reason: EnrollmentEndReason | null;
  ended_by_type: Actor['type'] | null;
  ended_by_id: string | null;
  version: number;
}

function base(row: EnrollmentRow) {
  return {
    enrollmentId: row.id,
    classId: row.class_id,
    studentId: row.student_id,
    districtId: row.district_id,
    schoolId: row.school_id,
    courseId: row.course_id,
    startedAt: iso(row.started_at),
  };
}

/**
 * Events of enrollments keyed by class id. Ids are derived from the enrollment (it starts once and ends
 * once), so whatever writes them twice writes the same event; `version` is the enrollment's own.
 */
export function enrollmentStartedEvent(row: EnrollmentRow): OutboxItem {
  return {
    def: Events.enrollmentStarted,
    event: {
      id: `classes.enrollment.started:${row.id}`,
      subject: row.class_id,
      districtId: row.district_id,
      version: row.version,
      data: { ...base(row), actor: { type: row.started_by_type, id: row.started_by_id } },
    },
  } as OutboxItem;
}

export function enrollmentEndedEvent(row: EnrollmentRow): OutboxItem {
  return {
    def: Events.enrollmentEnded,
    event: {
      id: `classes.enrollment.ended:${row.id}`,
      subject: row.class_id,
      districtId: row.district_id,
      version: row.version,
      data: {
        ...base(row),
        actor: { type: row.ended_by_type ?? 'system', id: row.ended_by_id ?? 'classes' },
        endedAt: iso(row.ended_at ?? new Date()),
        reason: row.end_reason ?? 'unenrolled',
      },
    },
  } as OutboxItem;
}

export function enrollmentAudit(row: EnrollmentRow, action: 'enrollment.started' | 'enrollment.ended', actor: Actor): AuditEntry {
  return {
    districtId: row.district_id,
    schoolId: row.school_id,
    actor,
    action,
    targetType: 'enrollment',
    targetId: row.id,
    details: { classId: row.class_id, studentId: row.student_id, ...(row.end_reason ? { reason: row.end_reason } : {}) },
  };
}
