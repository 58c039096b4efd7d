import { Migration } from '@roster/persistence';

/**
 * Sessions that end (issue 13): the gateway's sessions and bearer tokens are stateless signed tokens
 * with an id (`jti`) and an issued-at; identity keeps what ends them before they expire.
 *
 * - `session_revocation`: one revoked session or token (logout), kept until it would have expired
 *   anyway (rows past `expires_at` are ignored and purged on the next write).
 * - `account_session_cutoff`: "sign out everywhere": every session and token of the account issued
 *   before `revoked_before` is revoked.
 */
export class Migration0003SessionRevocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table session_revocation (
      session_id uuid primary key,
      account_id uuid not null,
      expires_at timestamptz not null,
      revoked_at timestamptz not null default now()
    )`);
    this.addSql('create index session_revocation_account_idx on session_revocation (account_id, expires_at)');
    this.addSql(`create table account_session_cutoff (
      account_id uuid primary key,
      revoked_before timestamptz not null
    )`);
  }
}
