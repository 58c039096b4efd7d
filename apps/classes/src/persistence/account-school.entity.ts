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
  indexes: [
    { name: 'account_school_available_idx', expression: "create index account_school_available_idx on account_school (school_id, sort_last, sort_first, account_id) where is_student and status = 'active'" },
    { name: 'account_school_teacher_idx', expression: 'create index account_school_teacher_idx on account_school (school_id, account_id) where is_teacher' },
  ],
});
export type AccountSchoolRecord = InferEntity<typeof AccountSchoolEntity>;
