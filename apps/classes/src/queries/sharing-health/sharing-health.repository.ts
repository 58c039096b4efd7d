import { Injectable } from '@nestjs/common';
import { allOf, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
import type { NeverEnrolledStudentBody, SharingCountsBody } from '@roster/internal-api';

interface CountsRow {
  school_id: string | null;
  name: string | null;
  students_shared: number;
  students_ever_enrolled: number;
  students_never_enrolled_after: number;
  teachers_shared: number;
  teachers_without_class: number;
}

export interface NeverEnrolledPosition {
  l: string;
  f: string;
  id: string;
}

const counts = (r: CountsRow): SharingCountsBody => ({
  studentsShared: r.students_shared,
  studentsEverEnrolled: r.students_ever_enrolled,
  studentsNeverEnrolledAfterDays: r.students_never_enrolled_after,
  teachersShared: r.teachers_shared,
  teachersWithoutClass: r.teachers_without_class,
});

/**
 * The sharing-health read model: counts over the account projection, enrollments (any status: "enrolled
 * at any time") and classes. Per school, "enrolled" and "teaching" mean in a class of that school; for the
 * district, in any class of the district (a student is counted once however many schools share them).
 * "Shared since" is when classes first projected the account (`account_first_seen`).
 */
@Injectable()
export class SharingHealthRepository {
  async counts(em: EntityManager, districtId: string, afterDays: number): Promise<{ district: SharingCountsBody; schools: (SharingCountsBody & { schoolId: string; name: string })[] }> {
    const rows = await selectRows<CountsRow>(
      em,
      sql`with st as (
            select m.school_id, m.account_id,
                   exists (select 1 from enrollment e where e.student_id = m.account_id and e.school_id = m.school_id) as in_school,
                   exists (select 1 from enrollment e where e.student_id = m.account_id and e.district_id = m.district_id) as anywhere,
                   coalesce(fs.first_seen_at, now()) < now() - make_interval(days => ${afterDays}::int) as old
            from account_school m left join account_first_seen fs on fs.account_id = m.account_id
            where m.district_id = ${districtId}::uuid and m.is_student and m.status = 'active'
          ), te as (
            select m.school_id, m.account_id,
                   exists (select 1 from class_teacher ct join class c on c.id = ct.class_id
                           where ct.teacher_id = m.account_id and c.school_id = m.school_id and c.status = 'active') as in_school,
                   exists (select 1 from class_teacher ct join class c on c.id = ct.class_id
                           where ct.teacher_id = m.account_id and c.district_id = m.district_id and c.status = 'active') as anywhere
            from account_school m
            where m.district_id = ${districtId}::uuid and m.is_teacher and m.status = 'active'
          )
          select sc.id as school_id, sc.name,
                 (select count(*) from st where st.school_id = sc.id)::int as students_shared,
                 (select count(*) from st where st.school_id = sc.id and st.in_school)::int as students_ever_enrolled,
                 (select count(*) from st where st.school_id = sc.id and not st.in_school and st.old)::int as students_never_enrolled_after,
                 (select count(*) from te where te.school_id = sc.id)::int as teachers_shared,
                 (select count(*) from te where te.school_id = sc.id and not te.in_school)::int as teachers_without_class
          from school sc where sc.district_id = ${districtId}::uuid and sc.status = 'active'
          union all
          select null, null,
                 (select count(distinct account_id) from st)::int,
                 (select count(distinct account_id) from st where st.anywhere)::int,
                 (select count(distinct account_id) from st where not st.anywhere and st.old)::int,
                 (select count(distinct account_id) from te)::int,
                 (select count(distinct account_id) from te where not te.anywhere)::int
          order by 2 nulls first, 1`,
    );
    const [district, ...schools] = rows;
    return { district: counts(district), schools: schools.map((r) => ({ schoolId: r.school_id!, name: r.name!, ...counts(r) })) };
  }

  /**
   * Students of the district (or of one of its schools) shared longer than `afterDays` and never enrolled in
   * any class of the district, sorted by last name, first name, id.
   */
  async neverEnrolled(
    em: EntityManager,
    f: { districtId: string; schoolId?: string; afterDays: number; after?: NeverEnrolledPosition; limit: number },
  ): Promise<{ student: NeverEnrolledStudentBody; position: NeverEnrolledPosition }[]> {
    const where: SqlFragment[] = [
      sql`a.district_id = ${f.districtId}::uuid and a.status = 'active'`,
      sql`exists (select 1 from account_school m where m.account_id = a.id and m.is_student and m.status = 'active'
                  ${f.schoolId === undefined ? sql`` : sql`and m.school_id = ${f.schoolId}::uuid`})`,
      sql`not exists (select 1 from enrollment e where e.student_id = a.id and e.district_id = a.district_id)`,
      sql`coalesce(fs.first_seen_at, now()) < now() - make_interval(days => ${f.afterDays}::int)`,
    ];
    if (f.after) where.push(sql`(lower(a.last_name), lower(a.first_name), a.id) > (${f.after.l}, ${f.after.f}, ${f.after.id}::uuid)`);
    const rows = await selectRows<{
      id: string;
      clever_id: string;
      first_name: string;
      middle_name: string | null;
      last_name: string;
      grade: string | null;
      first_seen_at: Date | string;
      school_ids: string[];
    }>(
      em,
      sql`select a.id, a.clever_id, a.first_name, a.middle_name, a.last_name, a.grade, fs.first_seen_at,
                 array(select m.school_id from account_school m where m.account_id = a.id and m.is_student order by m.school_id) as school_ids
          from account a left join account_first_seen fs on fs.account_id = a.id
          where ${allOf(where)}
          order by lower(a.last_name), lower(a.first_name), a.id
          limit ${f.limit + 1}`,
    );
    return rows.map((r) => ({
      student: {
        id: r.id,
        cleverId: r.clever_id,
        name: { first: r.first_name, ...(r.middle_name === null ? {} : { middle: r.middle_name }), last: r.last_name },
        ...(r.grade === null ? {} : { grade: r.grade }),
        schoolIds: r.school_ids,
        firstSharedAt: new Date(r.first_seen_at).toISOString(),
      },
      position: { l: r.last_name.toLowerCase(), f: r.first_name.toLowerCase(), id: r.id },
    }));
  }
}
