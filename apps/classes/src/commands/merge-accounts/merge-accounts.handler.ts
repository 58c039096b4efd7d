import { randomUUID } from 'node:crypto';
import type { AccountMerged, AccountState, Envelope } from '@roster/contracts';
import type { Logger } from '@roster/observability';
import type { Outbox } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import { classEvent } from '../../common/class-events';
import { enrollmentAudit, enrollmentEndedEvent, enrollmentStartedEvent } from '../../common/enrollment-events';
import { IdentityProjectionRepository } from '../../consumers/identity/identity-projection.repository';
import { AuditRepository } from '../../persistence/audit.repository';
import { MergeAccountsRepository, type RestaffedClass } from './merge-accounts.repository';

export interface MergeOutcome {
  placementsMoved: number;
  enrollmentsMoved: number;
  enrollmentsReopened: number;
  /** Classes whose teachers a staff merge changed. */
  classesRestaffed: number;
}

/**
 * Classes' part of a merge (issue 16), run by the `classes.identity` consumer for `identity.account.merged`
 * in the inbox transaction. A student merge: the source's placements and enrollment history move to the
 * target; the classes the source left only because it was archived (`student_archived`) get an active
 * enrollment of the target when the class is active and the target is an active student of its school
 * (never a second one). A staff merge: the target becomes teacher of the source's classes (repository
 * `moveTeaching`), each such class published as `classes.class.updated` and audited. The audit log records
 * the merge with both ids.
 *
 * Ordering: the event is keyed by the source account, so the source's `archived` event (which ended its
 * enrollments) was applied before it. The target's own events travel under another key and may not have
 * arrived yet: when classes has no projection of the target, the target state the event carries is
 * projected first (an existing projection is left to the target's own, version-guarded events).
 * Idempotency: the inbox dedupes the message, and every statement is keyed by the source, so a repeat
 * finds nothing left to move or re-open.
 */
export class MergeAccountsHandler {
  private readonly repository = new MergeAccountsRepository();

  constructor(
    private readonly ctx: { outbox: Outbox; logger: Logger },
    private readonly projection: IdentityProjectionRepository,
    private readonly audit: AuditRepository,
    private readonly newId: () => string = randomUUID,
  ) {}

  async execute(em: EntityManager, merged: Envelope<AccountMerged>): Promise<MergeOutcome> {
    const m = merged.data;
    const projected = await this.projection.lockAccountVersions(em, [m.intoAccountId]);
    if (!projected.has(m.intoAccountId)) {
      await this.projection.upsertAccounts(em, [{ ...merged, data: m.into, version: m.intoVersion } as Envelope<AccountState>]);
    }
    // Only what the merged role group holds moves: a student's enrollments and placements, a staff member's
    // classes (an account may hold both kinds of role; the other group's records stay with the source).
    const student = m.roleGroup === 'student';
    const reopen = student ? await this.repository.classesToReopen(em, m.sourceAccountId, m.intoAccountId) : [];
    const { moved, ended } = student ? await this.repository.moveEnrollments(em, m.sourceAccountId, m.intoAccountId, m.actor) : { moved: 0, ended: [] };
    const reopened = student ? await this.repository.reopen(em, m.intoAccountId, reopen, m.actor, this.newId) : [];
    const placementsMoved = student ? await this.repository.movePlacements(em, m.sourceAccountId, m.intoAccountId) : 0;
    const restaffed = student ? [] : await this.repository.moveTeaching(em, m.districtId, m.sourceAccountId, m.intoAccountId);

    const changedOf = (c: RestaffedClass) => (c.needsTeacher !== c.wasNeedsTeacher ? ['teacherIds', 'needsTeacher'] : ['teacherIds']);
    await this.ctx.outbox.addMany(em, [
      ...ended.map(enrollmentEndedEvent),
      ...reopened.map(enrollmentStartedEvent),
      ...restaffed.map((c) => classEvent('updated', c, m.actor, changedOf(c))),
    ]);
    const outcome = { placementsMoved, enrollmentsMoved: moved, enrollmentsReopened: reopened.length, classesRestaffed: restaffed.length };
    await this.audit.write(em, [
      {
        districtId: m.districtId,
        actor: m.actor,
        action: 'account.merged',
        targetType: 'account',
        targetId: m.intoAccountId,
        details: { sourceAccountId: m.sourceAccountId, intoAccountId: m.intoAccountId, roleGroup: m.roleGroup, ...outcome },
      },
      ...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', m.actor)),
      ...reopened.map((e) => ({ ...enrollmentAudit(e, 'enrollment.started', m.actor), details: { classId: e.classId, studentId: e.studentId, reason: 'account_merged', sourceAccountId: m.sourceAccountId } })),
      ...restaffed.map((c) => ({
        districtId: c.districtId,
        schoolId: c.schoolId,
        actor: m.actor,
        action: 'class.updated',
        targetType: 'class' as const,
        targetId: c.id,
        details: {
          changed: changedOf(c),
          courseId: c.courseId,
          addedTeacherIds: c.addedTeacherIds,
          removedTeacherIds: c.removedTeacherIds,
          needsTeacher: c.needsTeacher,
          reason: 'account_merged',
          sourceAccountId: m.sourceAccountId,
        },
      })),
    ]);
    this.ctx.logger.info({ sourceAccountId: m.sourceAccountId, intoAccountId: m.intoAccountId, ...outcome }, 'account merge applied to classes');
    return outcome;
  }
}
