import { Injectable } from '@nestjs/common';
import { allOf, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
import type { SectionBody } from '@roster/internal-api';

/** Keyset position in the sections list: the caller's first (`m` 0), then by name, then id. */
export interface SectionPosition {
  m: 0 | 1;
  n: string;
  id: string;
}

export interface SectionsFilter {
  schoolId: string;
  /** The caller's Clever user id (their account's), to put their sections first; null for none. */
  callerCleverId: string | null;
  mineOnly: boolean;
  after?: SectionPosition;
  limit: number;
}

interface Row {
  id: string;
  clever_id: string;
  name: string;
  subject: string | null;
  grade: string | null;
  period: string | null;
  term_name: string | null;
  teacher_ids: string[];
  student_count: number;
  available_count: number;
  rank: 0 | 1;
}

const optional = <K extends string>(key: K, value: string | null): { [P in K]?: string } => (value === null ? {} : ({ [key]: value } as { [P in K]?: string }));

/**
 * The sections of a school (the projection of roster.sections.v1), members through their resolved accounts:
 * a Clever user not known yet is simply not counted until its account arrives.
 */
@Injectable()
export class SchoolSectionsRepository {
  async list(em: EntityManager, f: SectionsFilter): Promise<{ section: SectionBody; position: SectionPosition }[]> {
    const mine = f.callerCleverId === null
      ? sql`false`
      : sql`exists (select 1 from section_member t where t.section_id = s.id and t.role = 'teacher' and t.clever_user_id = ${f.callerCleverId})`;
    const where: SqlFragment[] = [sql`s.clever_district_id = sc.clever_district_id and s.clever_school_id = sc.clever_id and s.removed_at is null`];
    if (f.mineOnly) where.push(sql`${mine}`);
    if (f.after) where.push(sql`(case when ${mine} then 0 else 1 end, s.name, s.id) > (${f.after.m}, ${f.after.n}, ${f.after.id}::uuid)`);
    // One page of sections first; then their members' accounts (resolved in section_member, by primary key).
    const rows = await selectRows<Row>(
      em,
      sql`with sc as (
            select sc.id, sc.clever_id, sc.district_id, d.clever_district_id
            from school sc join district d on d.id = sc.district_id where sc.id = ${f.schoolId}
          ), x as (
            select s.id, s.clever_id, s.name, s.subject, s.grade, s.period, s.term_name,
                   case when ${mine} then 0 else 1 end as rank
            from section s, sc
            where ${allOf(where)}
            order by rank, s.name, s.id
            limit ${f.limit + 1}
          ), mem as (
            -- per section of the page (lateral: each an index range of section_member), accounts by primary key
            select t.section_id, t.role, a.id as account_id, a.status = 'active' as active, 'student' = any(a.roles) as student
            from x
            cross join lateral (select t.section_id, t.role, t.account_id from section_member t where t.section_id = x.id and t.account_id is not null) t
            join account a on a.id = t.account_id
          ), counts as (
            select m.section_id,
                   array_agg(m.account_id order by m.account_id) filter (where m.role = 'teacher' and m.active) as teacher_ids,
                   (count(*) filter (where m.role = 'student' and m.active and m.student))::int as student_count
            from mem m group by m.section_id
          ), avail as (
            select m.section_id, count(*)::int as n
            from mem m
            join account_school ms on ms.account_id = m.account_id and ms.school_id = ${f.schoolId}::uuid and ms.is_student and ms.status = 'active'
            where m.role = 'student'
              and not exists (select 1 from enrollment e where e.school_id = ms.school_id and e.student_id = m.account_id and e.status = 'active')
            group by m.section_id
          )
          select x.*, coalesce(c.teacher_ids, '{}'::uuid[]) as teacher_ids, coalesce(c.student_count, 0) as student_count,
                 coalesce(av.n, 0) as available_count
          from x
          left join counts c on c.section_id = x.id
          left join avail av on av.section_id = x.id
          order by x.rank, x.name, x.id`,
    );
    return rows.map((r) => ({
      section: {
        id: r.id,
        cleverId: r.clever_id,
        schoolId: f.schoolId,
        name: r.name,
        ...optional('subject', r.subject),
        ...optional('grade', r.grade),
        ...optional('period', r.period),
        ...optional('termName', r.term_name),
        teacherIds: r.teacher_ids,
        studentCount: r.student_count,
        availableCount: r.available_count,
        mine: r.rank === 0,
      },
      position: { m: r.rank, n: r.name, id: r.id },
    }));
  }
}
