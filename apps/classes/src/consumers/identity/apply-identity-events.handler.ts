import { Inject, Injectable } from '@nestjs/common';
import { Events, type AccountErased, type AccountMerged, type AccountState, type Envelope, type SchoolState } from '@roster/contracts';
import { latestPerKey } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import { classEvent } from '../../common/class-events';
import { EraseAccountHandler } from '../../commands/erase-account/erase-account.handler';
import { MergeAccountsHandler } from '../../commands/merge-accounts/merge-accounts.handler';
import { CLASSES_CONTEXT, IDENTITY_SYNC_ACTOR, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { planAccountReactions } from '../../domain/identity-reactions';
import type { AuditEntry } from '../../persistence/audit-log.entity';
import { AuditRepository } from '../../persistence/audit.repository';
import { IdentityProjectionRepository } from './identity-projection.repository';
import { IdentityReactionsRepository } from './identity-reactions.repository';

export const IDENTITY_GROUP_ID = 'classes.identity';

const accountTypes = new Set([Events.accountCreated.type, Events.accountUpdated.type, Events.accountArchived.type, Events.accountRestored.type]);
const schoolTypes = new Set([Events.identitySchoolUpserted.type, Events.identitySchoolRemoved.type]);

/**
 * Applies a batch of new identity events in the inbox transaction (`em`), with a fixed number of bulk
 * statements whatever the batch size: districts, schools and accounts upserted (version-guarded by the
 * identity version), memberships rewritten, then the leaver/mover reactions, their events (outbox) and
 * audit entries.
 */
@Injectable()
export class ApplyIdentityEventsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: Pick<ClassesContext, 'outbox' | 'logger'>,
    @Inject(IdentityProjectionRepository) private readonly projection: IdentityProjectionRepository,
    @Inject(IdentityReactionsRepository) private readonly reactions: IdentityReactionsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {
    this.merges = new MergeAccountsHandler(ctx, projection, audit);
    this.erasures = new EraseAccountHandler(ctx, audit);
  }

  private readonly merges: MergeAccountsHandler;
  private readonly erasures: EraseAccountHandler;

  async execute(em: EntityManager, events: Envelope[]): Promise<void> {
    await this.applyStateEvents(em, events);
    // Merges after the batch's state events: a source's `archived` event (same key, earlier offset) has
    // ended its enrollments before they move (commands/merge-accounts).
    for (const merged of events.filter((e): e is Envelope<AccountMerged> => e.type === Events.accountMerged.type)) {
      await this.merges.execute(em, merged);
    }
    // Retention (identity.account.erased): the projection forgets the person, the ids stay.
    for (const erased of events.filter((e): e is Envelope<AccountErased> => e.type === Events.accountErased.type)) {
      await this.erasures.execute(em, erased);
    }
  }

  private async applyStateEvents(em: EntityManager, events: Envelope[]): Promise<void> {
    const accounts = events.filter((e): e is Envelope<AccountState> => accountTypes.has(e.type));
    const schools = events.filter((e): e is Envelope<SchoolState> => schoolTypes.has(e.type));

    const districts = new Map<string, string>();
    for (const e of [...accounts, ...schools]) districts.set(e.data.districtId, e.data.cleverDistrictId);
    await this.projection.upsertDistricts(em, districts);
    await this.projection.upsertSchools(em, latestPerKey(schools, (e) => e.data.schoolId, (e) => e.version));
    if (accounts.length === 0) return;

    const stored = await this.projection.lockAccountVersions(em, [...new Set(accounts.map((e) => e.data.accountId))]);
    await this.projection.upsertAccounts(em, latestPerKey(accounts, (e) => e.data.accountId, (e) => e.version));
    const plan = planAccountReactions(
      accounts.map((e) => ({ accountId: e.data.accountId, version: e.version, status: e.data.status, roles: e.data.roles, schools: e.data.schools })),
      stored,
    );
    if (plan.length === 0) return;

    // Teachers first: it locks classes, as the HTTP commands do before touching enrollments.
    const { removed, classes } = await this.reactions.removeDepartedTeachers(em, plan);
    const ended = await this.reactions.endDepartedEnrollments(em, plan, IDENTITY_SYNC_ACTOR);
    if (removed.length === 0 && ended.length === 0) return;

    const audit: AuditEntry[] = removed.map((r) => ({
      districtId: r.districtId,
      schoolId: r.schoolId,
      actor: IDENTITY_SYNC_ACTOR,
      action: 'class.teacher_removed',
      targetType: 'class',
      targetId: r.classId,
      details: { teacherId: r.teacherId, reason: r.archived ? 'teacher_archived' : 'left_school' },
    }));
    for (const c of classes) {
      if (c.needsTeacher && !c.wasNeedsTeacher) {
        audit.push({ districtId: c.districtId, schoolId: c.schoolId, actor: IDENTITY_SYNC_ACTOR, action: 'class.needs_teacher', targetType: 'class', targetId: c.id });
      }
    }
    audit.push(...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', IDENTITY_SYNC_ACTOR)));
    await this.ctx.outbox.addMany(em, [
      ...classes.map((c) => classEvent('updated', c, IDENTITY_SYNC_ACTOR, c.needsTeacher !== c.wasNeedsTeacher ? ['teacherIds', 'needsTeacher'] : ['teacherIds'])),
      ...ended.map(enrollmentEndedEvent),
    ]);
    await this.audit.write(em, audit);
    this.ctx.logger.info(
      { groupId: IDENTITY_GROUP_ID, teachersRemoved: removed.length, classesUpdated: classes.length, enrollmentsEnded: ended.length },
      'identity changes applied to classes',
    );
  }
}
