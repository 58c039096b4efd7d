import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * `section`: projection of roster.sections.v1 (filters and suggestions only), keyed by Clever ids and
 * version-guarded by the ingestion's event version; a removed section is a tombstone (`removedAt`).
 * Written in bulk by the `classes.sections` consumer (SQL).
 */
export const SectionEntity = defineEntity({
  name: 'Section',
  tableName: 'section',
  properties: {
    id: p.uuid().primary(),
    cleverDistrictId: p.text(),
    cleverId: p.text(),
    cleverSchoolId: p.text(),
    name: p.text(),
    subject: p.text().nullable(),
    grade: p.text().nullable(),
    period: p.text().nullable(),
    termName: p.text().nullable(),
    version: p.bigint('number'),
    removedAt: p.datetime().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  uniques: [{ name: 'section_clever_key', properties: ['cleverDistrictId', 'cleverId'] }],
  indexes: [
    {
      name: 'section_school_idx',
      expression: 'create index section_school_idx on section (clever_district_id, clever_school_id, name, id) where removed_at is null',
    },
  ],
});
export type SectionRecord = InferEntity<typeof SectionEntity>;

/** `section_member`: a live section's teachers and students: Clever user ids, and their accounts once known. */
export const SectionMemberEntity = defineEntity({
  name: 'SectionMember',
  tableName: 'section_member',
  properties: {
    sectionId: p.uuid().primary(),
    role: p.text().primary().$type<'teacher' | 'student'>(),
    cleverUserId: p.text().primary(),
    /** The account of `cleverUserId` once the account projection has it (null until then). */
    accountId: p.uuid().nullable(),
  },
  indexes: [{ name: 'section_member_user_idx', properties: ['cleverUserId', 'role'] }],
});
export type SectionMemberRecord = InferEntity<typeof SectionMemberEntity>;

/** `account_first_seen`: when classes first projected an account (kept by a trigger on `account`). */
export const AccountFirstSeenEntity = defineEntity({
  name: 'AccountFirstSeen',
  tableName: 'account_first_seen',
  properties: {
    accountId: p.uuid().primary(),
    firstSeenAt: p.datetime().defaultRaw('now()'),
  },
});
