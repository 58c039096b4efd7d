import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * `purged_token` (migration 0007): the SHA-256 of every Clever district token of a purged district. Token
 * discovery skips a token listed here, so a district Clever still lists with the same token does not
 * reconnect after a restart or on another replica. It holds no district id (the purge's "no trace of the
 * district" stays true, and the purge's column-based deletion leaves it alone); `purge_id` ties it to the
 * kept purge certificate, which is how an operator re-enables the district (docs/privacy.md).
 */
export const PurgedToken = defineEntity({
  name: 'PurgedToken',
  tableName: 'purged_token',
  properties: {
    tokenSha256: p.text().primary(),
    purgeId: p.uuid(),
    purgedAt: p.datetime().defaultRaw('now()'),
  },
});

export type PurgedToken = InferEntity<typeof PurgedToken>;
