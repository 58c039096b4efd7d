import { CronExpressionParser } from 'cron-parser';

/** The nightly full reconcile (CLEVER_FULL_SYNC_CRON, evaluated in UTC). */
export class FullSyncSchedule {
  constructor(readonly cron: string) {
    FullSyncSchedule.validate(cron);
  }

  static validate(cron: string): void {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
  }

  /** The next time the cron fires strictly after `from`. */
  next(from: Date = new Date()): Date {
    return CronExpressionParser.parse(this.cron, { currentDate: from, tz: 'UTC' }).next().toDate();
  }
}
