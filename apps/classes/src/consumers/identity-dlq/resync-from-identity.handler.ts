import { Inject, Injectable } from '@nestjs/common';
import { Events, Topics, buildEnvelope, dlqTopicName, type AccountState, type Envelope, type SchoolState } from '@roster/contracts';
import { classifyFailure } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { ApplyIdentityEventsHandler } from '../identity/apply-identity-events.handler';
import { IDENTITY_STATE_SOURCE, type IdentityStateSource, type Versioned } from './identity-state.client';

export const ACCOUNTS_DLQ = dlqTopicName(Topics.identityAccounts.name);
export const SCHOOLS_DLQ = dlqTopicName(Topics.identitySchools.name);

/** A dead-lettered identity event as this consumer read it, and the `.dlq` topic it came from. */
export interface IdentityDeadLetter {
  envelope: Envelope;
  topic: string;
}

/** What a batch of dead letters asks to re-read. */
export interface ResyncPlan {
  accounts: string[];
  schools: string[];
  /** Dead letters that name no entity but a district: the whole district is re-read. */
  districts: string[];
  /** Neither entity nor district: nothing to re-read (logged for an operator). */
  unidentified: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOr = (...values: unknown[]): string | undefined => values.find((v): v is string => typeof v === 'string' && UUID.test(v));

/**
 * Which entities (or districts) a batch of dead letters lost: the entity's id from the event's data, else
 * its subject (the topic's key is the entity id); when neither is an id, the event's district.
 */
export function planResync(letters: readonly IdentityDeadLetter[]): ResyncPlan {
  const accounts = new Set<string>();
  const schools = new Set<string>();
  const districts = new Set<string>();
  const unidentified: string[] = [];
  for (const { envelope: e, topic } of letters) {
    const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
    const kind = topic.endsWith(SCHOOLS_DLQ) ? 'school' : topic.endsWith(ACCOUNTS_DLQ) ? 'account' : undefined;
    const entityId = kind === 'account' ? uuidOr(data.accountId, e.subject) : kind === 'school' ? uuidOr(data.schoolId, e.subject) : undefined;
    if (kind === 'account' && entityId) accounts.add(entityId);
    else if (kind === 'school' && entityId) schools.add(entityId);
    else {
      const districtId = uuidOr(data.districtId, e.districtId);
      if (districtId) districts.add(districtId);
      else unidentified.push(e.id);
    }
  }
  return { accounts: [...accounts], schools: [...schools], districts: [...districts], unidentified };
}

/** Identity's current state as the event it would publish now: the normal consumer's input. */
function accountEvent({ version, state }: Versioned<AccountState>): Envelope {
  const def = state.status === 'archived' ? Events.accountArchived : Events.accountUpdated;
  const data = state.status === 'archived' ? state : { ...state, changed: Object.keys(state) };
  return buildEnvelope(def as typeof Events.accountUpdated, { id: `resync:account:${state.accountId}:v${version}`, source: 'classes', subject: state.accountId, districtId: state.districtId, version, data: data as AccountState & { changed: string[] } });
}

function schoolEvent({ version, state }: Versioned<SchoolState>): Envelope {
  const def = state.status === 'removed' ? Events.identitySchoolRemoved : Events.identitySchoolUpserted;
  return buildEnvelope(def, { id: `resync:school:${state.schoolId}:v${version}`, source: 'classes', subject: state.schoolId, districtId: state.districtId, version, data: state });
}

/**
 * Poison handling for `classes.identity` (issue 14): an identity event that went to `identity.*.dlq` left
 * classes' projection behind for that account or school. This re-reads the entity's CURRENT state from
 * identity (its internal API) and applies it through the same version-guarded path as the normal consumer
 * (ApplyIdentityEventsHandler: projections, then the leaver/mover reactions), inside the dead-letter
 * consumer's inbox transaction. A dead letter that names no entity but a district re-reads the district.
 * An entity identity does not know is skipped; identity being unreachable is retried (transient).
 */
@Injectable()
export class ResyncFromIdentityHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: Pick<ClassesContext, 'logger'>,
    @Inject(IDENTITY_STATE_SOURCE) private readonly identity: IdentityStateSource,
    @Inject(ApplyIdentityEventsHandler) private readonly apply: ApplyIdentityEventsHandler,
  ) {}

  async execute(em: EntityManager, letters: readonly IdentityDeadLetter[]): Promise<ResyncPlan> {
    const plan = planResync(letters);
    // Schools first, as identity publishes them: an account's memberships refer to its schools.
    const schools: Envelope[] = [];
    for (const id of plan.schools) {
      const found = await this.identity.school(id);
      if (found) schools.push(schoolEvent(found));
    }
    const accounts: Envelope[] = [];
    for (const id of plan.accounts) {
      const found = await this.identity.account(id);
      if (found) accounts.push(accountEvent(found));
    }
    // A merge or an erasure is not a state identity can be asked for again: its effect in classes (history moved
    // to the target, names forgotten and audited) comes from the event itself. Its payload is self-contained and
    // its handler idempotent, so the dead letter is applied again: an erasure BEFORE the re-read (identity's state
    // is already erased at a version the erasure's guard would refuse, and its audit entry would be lost), a merge
    // AFTER it (it follows the source's archive).
    const erasures = await this.replayActions(em, letters, Events.accountErased);
    if (schools.length > 0 || accounts.length > 0) await this.apply.execute(em, [...schools, ...accounts]);
    const merges = await this.replayActions(em, letters, Events.accountMerged);
    const replayed = { applied: erasures.applied + merges.applied, unusable: erasures.unusable + merges.unusable };
    for (const districtId of plan.districts) {
      for await (const page of this.identity.districtSchools(districtId)) if (page.length > 0) await this.apply.execute(em, page.map(schoolEvent));
      for await (const page of this.identity.districtAccounts(districtId)) if (page.length > 0) await this.apply.execute(em, page.map(accountEvent));
    }
    this.ctx.logger.warn(
      {
        groupId: 'classes.identity-dlq',
        accounts: plan.accounts.length,
        schools: plan.schools.length,
        districts: plan.districts,
        reread: { accounts: accounts.length, schools: schools.length },
        ...(replayed.applied + replayed.unusable > 0 ? { replayed } : {}),
        ...(plan.unidentified.length > 0 ? { unidentified: plan.unidentified.slice(0, 20) } : {}),
      },
      plan.unidentified.length > 0 ? 'dead-lettered identity events re-read from identity; some name no entity nor district (replay them with dlq:replay)' : 'dead-lettered identity events re-read from identity',
    );
    return plan;
  }

  private async replayActions(em: EntityManager, letters: readonly IdentityDeadLetter[], def: ReplayedAction): Promise<{ applied: number; unusable: number }> {
    let applied = 0;
    let unusable = 0;
    for (const { envelope } of letters) {
      if (envelope.type !== def.type) continue;
      const data = def.schema.safeParse(envelope.data);
      if (!data.success) {
        unusable++;
        this.ctx.logger.error({ groupId: 'classes.identity-dlq', messageId: envelope.id, type: envelope.type }, 'a dead-lettered identity action breaks its contract: only the account state was re-read');
        continue;
      }
      try {
        // A savepoint: an action that still fails leaves the batch's re-reads applied.
        await em.transactional((tem) => this.apply.execute(tem, [{ ...envelope, data: data.data }]));
        applied++;
      } catch (error) {
        if (classifyFailure(error) === 'transient') throw error;
        unusable++;
        this.ctx.logger.error({ groupId: 'classes.identity-dlq', messageId: envelope.id, type: envelope.type, err: { message: (error as Error).message } }, 'a dead-lettered identity action still fails: only the account state was re-read');
      }
    }
    return { applied, unusable };
  }
}

/** Identity events whose effect in classes is an action, not a state identity could answer again. */
type ReplayedAction = typeof Events.accountMerged | typeof Events.accountErased;
