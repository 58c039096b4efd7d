import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * `account_school`: school memberships of the projected accounts, rewritten with each applied account event.
 * Status, grade, sort keys and search text are copied here so the available-students list walks one index.
 * Written in bulk by the identity consumer (SQL); read by the scope and rule queries.
 */
export const AccountSchoolEntity = defineEntity({
  name: 'AccountSchool',
  tableName: 'account_school',
  properties: {
    accountId: p.uuid().primary(),
    schoolId: p.uuid().primary(),
    districtId: p.uuid(),
    roles: p.array(),
    isStudent: p.boolean(),
    isTeacher: p.boolean(),
    status: p.text(),
    grade: p.text().nullable(),
    sortLast: p.text(),
    sortFirst: p.text(),
    searchText: p.text(),
  },
});
export type AccountSchoolRecord = InferEntity<typeof AccountSchoolEntity>;
