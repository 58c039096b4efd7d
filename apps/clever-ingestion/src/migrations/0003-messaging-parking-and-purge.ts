import { Migration } from '@roster/persistence';

/**
 * Delivery fixes of issue 14 (ADR 0007), the same in every service's messaging tables:
 * - an outbox row the broker can never accept (larger than `message.max.bytes`) is PARKED: kept, with
 *   `parked_at` and `parked_reason`, and no longer in the relay's way; the relay reads pending rows
 *   through the new partial index;
 * - the inbox is purged after its retention, in bounded batches by `received_at`.
 */
export class Migration0003MessagingParkingAndPurge extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table outbox_message add column if not exists parked_at timestamptz, add column if not exists parked_reason text`);
    this.addSql(`create index if not exists outbox_message_pending_idx on outbox_message (seq) where published_at is null and parked_at is null`);
    this.addSql(`create index if not exists outbox_message_parked_idx on outbox_message (seq) where parked_at is not null`);
    this.addSql(`create index if not exists inbox_message_received_idx on inbox_message (received_at)`);
  }
}
