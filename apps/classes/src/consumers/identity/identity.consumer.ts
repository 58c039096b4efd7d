import { Events, Topics, type AccountState, type Envelope, type SchoolState } from '@roster/contracts';
import { latestPerKey, type ConsumerDefinition, type Outbox } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import type { Logger } from '@roster/observability';
import { writeAudit, type AuditEntry } from '../../common/audit.repository';
import { classEvent } from '../../common/classes.repository';
import { IDENTITY_SYNC_ACTOR, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { planAccountReactions } from '../../domain/identity-reactions';
import { lockAccountVersions, upsertAccounts, upsertDistricts, upsertSchools } from './identity-projection.repository';
import { endDepartedEnrollments, removeDepartedTeachers } from './identity-reactions.repository';

export const IDENTITY_GROUP_ID = 'classes.identity';

const accountTypes = new Set([Events.accountCreated.type, Events.accountUpdated.type, Events.accountArchived.type, Events.accountRestored.type]);
const schoolTypes = new Set([Events.identitySchoolUpserted.type, Events.identitySchoolRemoved.type]);

/** `classes.identity`: projections of districts, schools and accounts, and the leaver/mover reactions. */
export function identityConsumer(ctx: Pick<ClassesContext, 'outbox' | 'logger'>): ConsumerDefinition {
  return {
    groupId: IDENTITY_GROUP_ID,
    topics: [Topics.identityAccounts.name, Topics.identitySchools.name],
    handle: (em, events) => applyIdentityEvents(em, ctx.outbox, ctx.logger, events),
  };
}

/**
 * Applies a batch of new identity events in the consumer's transaction, with a fixed number of bulk
 * statements whatever the batch size: districts, schools and accounts upserted (version-guarded by the
 * identity version), memberships rewritten, then the reactions, their events (outbox) and audit entries.
 */
export async function applyIdentityEvents(em: EntityManager, outbox: Outbox, logger: Logger, events: Envelope[]): Promise<void> {
  const accounts = events.filter((e): e is Envelope<AccountState> => accountTypes.has(e.type));
  const schools = events.filter((e): e is Envelope<SchoolState> => schoolTypes.has(e.type));

  const districts = new Map<string, string>();
  for (const e of [...accounts, ...schools]) districts.set(e.data.districtId, e.data.cleverDistrictId);
  await upsertDistricts(em, districts);
  await upsertSchools(em, latestPerKey(schools, (e) => e.data.schoolId, (e) => e.version));
  if (accounts.length === 0) return;

  const stored = await lockAccountVersions(em, [...new Set(accounts.map((e) => e.data.accountId))]);
  await upsertAccounts(em, latestPerKey(accounts, (e) => e.data.accountId, (e) => e.version));
  const plan = planAccountReactions(
    accounts.map((e) => ({ accountId: e.data.accountId, version: e.version, status: e.data.status, roles: e.data.roles, schools: e.data.schools })),
    stored,
  );
  if (plan.length === 0) return;

  // Teachers first: it locks classes, as the HTTP commands do before touching enrollments.
  const { removed, classes } = await removeDepartedTeachers(em, plan);
  const ended = await endDepartedEnrollments(em, plan);
  if (removed.length === 0 && ended.length === 0) return;

  const audit: AuditEntry[] = removed.map((r) => ({
    districtId: r.district_id,
    schoolId: r.school_id,
    actor: IDENTITY_SYNC_ACTOR,
    action: 'class.teacher_removed',
    targetType: 'class',
    targetId: r.class_id,
    details: { teacherId: r.teacher_id, reason: r.archived ? 'teacher_archived' : 'left_school' },
  }));
  for (const c of classes) {
    if (c.needs_teacher && !c.was_needs_teacher) {
      audit.push({ districtId: c.district_id, schoolId: c.school_id, actor: IDENTITY_SYNC_ACTOR, action: 'class.needs_teacher', targetType: 'class', targetId: c.id });
    }
  }
  audit.push(...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', IDENTITY_SYNC_ACTOR)));
  await outbox.addMany(em, [
    ...classes.map((c) => classEvent('updated', c, IDENTITY_SYNC_ACTOR, c.needs_teacher !== c.was_needs_teacher ? ['teacherIds', 'needsTeacher'] : ['teacherIds'])),
    ...ended.map(enrollmentEndedEvent),
  ]);
  await writeAudit(em, audit);
  logger.info(
    { groupId: IDENTITY_GROUP_ID, teachersRemoved: removed.length, classesUpdated: classes.length, enrollmentsEnded: ended.length },
    'identity changes applied to classes',
  );
}
