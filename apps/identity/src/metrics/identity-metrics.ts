import { counter, gauge, metricName, type Logger } from '@roster/observability';
import type { MikroORM } from '@roster/persistence';
import { ACCOUNT_ROLES } from '../domain/roles';
import { AccountsRepository } from '../persistence/accounts.repository';

const name = (n: string) => metricName('identity', n);

/**
 * Identity's metrics (in the process registry, served on /metrics):
 * - roster_identity_accounts{role,status}: accounts by role and status, refreshed periodically (only after
 *   a change when this process consumes, always when it serves the API only);
 * - roster_identity_account_changes_total{change} / roster_identity_school_changes_total{change}: published changes;
 * - roster_identity_ignored_users_total: roster users with no role that gets an account (contacts);
 * - roster_identity_foreign_district_events_total{kind}: events about another district's school/account/membership,
 *   ignored (tenancy of Clever ids; clever-ingestion rejects them first, so any count here is worth a look);
 * - roster_identity_roster_event_age_seconds{topic}: age of the newest roster event applied, i.e. how far
 *   behind the source the consumer is, in time (offset lag is not computed here);
 * - roster_identity_duplicate_pairs_found_total, roster_identity_accounts_merged_total,
 *   roster_identity_accounts_erased_total: possible duplicates found, merges done, accounts erased by retention.
 */
export class IdentityMetrics {
  readonly accountChanges = counter(name('account_changes_total'), 'Account changes published by identity', ['change']);
  readonly schoolChanges = counter(name('school_changes_total'), 'School changes published by identity', ['change']);
  readonly ignoredUsers = counter(name('ignored_users_total'), 'Roster users that get no account (no usable role, e.g. contacts)');
  /** Events about a school or account another district owns: ignored (tenancy of Clever ids); any is worth a look. */
  readonly foreignDistrictEvents = counter(name('foreign_district_events_total'), 'Roster events about schools, accounts or memberships owned by another district, ignored', ['kind']);
  readonly eventAge = gauge(name('roster_event_age_seconds'), 'Age of the newest roster event applied per topic (consumer lag in time)', ['topic']);
  readonly accounts = gauge(name('accounts'), 'Accounts by role and status', ['role', 'status']);
  /** Possible duplicate pairs found as records arrive (issue 16). */
  readonly duplicatePairsFound = counter(name('duplicate_pairs_found_total'), 'Possible duplicate account pairs found (archived and active, sharing a strong identifier)');
  readonly accountsMerged = counter(name('accounts_merged_total'), 'Archived accounts merged into an active account by a district admin');
  /** Accounts whose personal fields the retention job erased (issue 16). */
  readonly accountsErased = counter(name('accounts_erased_total'), 'Archived accounts whose personal fields were erased under the district retention setting');
  private changed = true;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    // Alerted on with increase(): each series exists at 0 from the start, so the first event counts.
    for (const kind of ['school', 'account', 'membership']) this.foreignDistrictEvents.inc({ kind }, 0);
    this.duplicatePairsFound.inc(0);
    this.accountsMerged.inc(0);
    this.accountsErased.inc(0);
  }
  private refreshing: Promise<void> | undefined;

  /** Called after a batch changed accounts: the next tick recounts. */
  accountsChanged(): void {
    this.changed = true;
  }

  start(orm: MikroORM, options: { intervalMs: number; onlyWhenChanged: boolean; logger?: Logger }): void {
    if (this.timer) return;
    const tick = () => {
      if (options.onlyWhenChanged && !this.changed) return;
      this.refreshing ??= this.refresh(orm)
        .catch((error: unknown) => options.logger?.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'account gauge refresh failed'))
        .finally(() => (this.refreshing = undefined));
    };
    tick();
    this.timer = setInterval(tick, options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
  }

  async refresh(orm: MikroORM): Promise<void> {
    this.changed = false;
    const rows = await new AccountsRepository().countByRole(orm.em.fork());
    for (const role of ACCOUNT_ROLES) for (const status of ['active', 'archived']) this.accounts.set({ role, status }, 0);
    for (const row of rows) this.accounts.set({ role: row.role, status: row.status }, row.count);
  }
}
