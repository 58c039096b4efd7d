import { Injectable } from '@nestjs/common';
import { selectRows, sql, type EntityManager } from '@roster/persistence';

/**
 * Lock order of the service: ACCOUNT rows (projection), then CLASS rows, then enrollment rows. The identity
 * consumer locks the accounts of its batch FOR UPDATE before it touches classes and enrollments; a command
 * that decides from account facts (enroll: students; create/patch: teachers) takes those account rows FOR
 * SHARE first. So a decision and a concurrent leaver/mover reaction serialise — the reaction either sees the
 * new enrollment or teacher, or the command sees the archived / moved account — and the two never deadlock.
 */
@Injectable()
export class LocksRepository {
  async shareLockAccounts(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await selectRows(em, sql`select id from account where id = any(${[...ids]}::uuid[]) order by id for share`);
  }
}
