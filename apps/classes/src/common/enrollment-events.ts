import { Events, type Actor } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import type { AuditEntry } from '../persistence/audit-log.entity';
import type { Enrollment } from '../persistence/enrollment.entity';

function base(e: Enrollment) {
  return {
    enrollmentId: e.id,
    classId: e.classId,
    studentId: e.studentId,
    districtId: e.districtId,
    schoolId: e.schoolId,
    courseId: e.courseId,
    startedAt: e.startedAt,
  };
}

/**
 * Events of enrollments keyed by class id. Ids are derived from the enrollment (it starts once and ends
 * once), so whatever writes them twice writes the same event; `version` is the enrollment's own.
 */
export function enrollmentStartedEvent(e: Enrollment): OutboxItem {
  return {
    def: Events.enrollmentStarted,
    event: {
      id: `classes.enrollment.started:${e.id}`,
      subject: e.classId,
      districtId: e.districtId,
      version: e.version,
      data: { ...base(e), actor: e.startedBy },
    },
  } as OutboxItem;
}

export function enrollmentEndedEvent(e: Enrollment): OutboxItem {
  return {
    def: Events.enrollmentEnded,
    event: {
      id: `classes.enrollment.ended:${e.id}`,
      subject: e.classId,
      districtId: e.districtId,
      version: e.version,
      data: {
        ...base(e),
        actor: e.endedBy ?? { type: 'system', id: 'classes' },
        endedAt: e.endedAt ?? new Date().toISOString(),
        reason: e.endReason ?? 'unenrolled',
      },
    },
  } as OutboxItem;
}

export function enrollmentAudit(e: Enrollment, action: 'enrollment.started' | 'enrollment.ended', actor: Actor): AuditEntry {
  return {
    districtId: e.districtId,
    schoolId: e.schoolId,
    actor,
    action,
    targetType: 'enrollment',
    targetId: e.id,
    details: { classId: e.classId, studentId: e.studentId, ...(e.endReason ? { reason: e.endReason } : {}) },
  };
}
