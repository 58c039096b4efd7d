import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PersonName } from '../domain/person-name';

/** `account`: projection of identity.accounts.v1 — only what classes needs (no email, no demographics). */
export const AccountEntity = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: {
    id: p.uuid().primary(),
    districtId: p.uuid(),
    cleverId: p.text(),
    status: p.enum(['active', 'archived'] as const),
    roles: p.array(),
    firstName: p.text(),
    middleName: p.text().nullable(),
    lastName: p.text(),
    preferredName: p.json<{ first?: string; middle?: string; last?: string }>().nullable(),
    grade: p.text().nullable(),
    sisId: p.text().nullable(),
    studentNumber: p.text().nullable(),
    version: p.bigint('number'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'account_district_idx', properties: ['districtId'] }],
});
export type AccountRecord = InferEntity<typeof AccountEntity>;

/** The legal name of a projected account (middle omitted when absent). */
export function accountName(r: { firstName: string; middleName?: string | null; lastName: string }): PersonName {
  return r.middleName !== null && r.middleName !== undefined ? { first: r.firstName, middle: r.middleName, last: r.lastName } : { first: r.firstName, last: r.lastName };
}
