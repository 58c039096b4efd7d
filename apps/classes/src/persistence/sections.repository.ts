import { Injectable } from '@nestjs/common';
import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';

/** A section as the projection stores it (Clever ids; members resolve to accounts when read). */
export interface SectionState {
  cleverDistrictId: string;
  cleverId: string;
  cleverSchoolId: string;
  name: string;
  subject: string | null;
  grade: string | null;
  period: string | null;
  termName: string | null;
  teacherIds: string[];
  studentIds: string[];
  version: number;
}

export interface SectionRemoval {
  cleverDistrictId: string;
  cleverId: string;
  version: number;
}

const MEMBER_CHUNK = 5000;

/** Transaction lock shared with the `account` insert trigger (migration 0004), which resolves waiting members. */
const SECTION_ACCOUNT_LOCK = 7361902417;

/**
 * Members are resolved to accounts on both sides: by the member write (accounts already there) and by the account
 * insert trigger (members already there). Two transactions committing a section and its member's account at the
 * same time would each miss the other (neither sees the other's uncommitted rows) and the member would stay
 * unresolved; the shared lock orders them, and each statement after it reads what the other committed. Taken
 * before the members are touched (the trigger updates members, so lock first, then rows, on both sides).
 */
async function lockAgainstAccountInserts(em: EntityManager): Promise<void> {
  await executeStatement(em, sql`select pg_advisory_xact_lock(${SECTION_ACCOUNT_LOCK}::bigint)`);
}

/**
 * Writes of the section projection (tables `section`, `section_member`), set-based: a batch costs a fixed
 * number of statements. Version-guarded by the ingestion's event version; a removal leaves a tombstone so
 * an older upsert delivered later cannot bring the section back.
 */
@Injectable()
export class SectionsRepository {
  /** Upserts the newest state per section; returns how many moved forward. */
  async upsert(em: EntityManager, sections: SectionState[]): Promise<number> {
    if (sections.length === 0) return 0;
    const rows = sections.map((s) => ({
      clever_district_id: s.cleverDistrictId,
      clever_id: s.cleverId,
      clever_school_id: s.cleverSchoolId,
      name: s.name,
      subject: s.subject,
      grade: s.grade,
      period: s.period,
      term_name: s.termName,
      version: s.version,
    }));
    const applied = await selectRows<{ id: string; clever_district_id: string; clever_id: string }>(
      em,
      sql`insert into section (id, clever_district_id, clever_id, clever_school_id, name, subject, grade, period, term_name, version, removed_at, updated_at)
          select gen_random_uuid(), r.clever_district_id, r.clever_id, r.clever_school_id, r.name, r.subject, r.grade, r.period, r.term_name, r.version, null, now()
          from json_to_recordset(${jsonDocument(rows)}::json)
            as r(clever_district_id text, clever_id text, clever_school_id text, name text, subject text, grade text, period text, term_name text, version bigint)
          on conflict (clever_district_id, clever_id) do update set clever_school_id = excluded.clever_school_id, name = excluded.name,
            subject = excluded.subject, grade = excluded.grade, period = excluded.period, term_name = excluded.term_name,
            version = excluded.version, removed_at = null, updated_at = excluded.updated_at
          where section.version < excluded.version
          returning id, clever_district_id, clever_id`,
    );
    if (applied.length === 0) return 0;
    const idOf = new Map(applied.map((r) => [`${r.clever_district_id}/${r.clever_id}`, r.id]));
    await lockAgainstAccountInserts(em);
    await executeStatement(em, sql`delete from section_member where section_id = any(${applied.map((r) => r.id)}::uuid[])`);
    const members = sections.flatMap((s) => {
      const sectionId = idOf.get(`${s.cleverDistrictId}/${s.cleverId}`);
      if (!sectionId) return [];
      return [
        ...[...new Set(s.teacherIds)].map((id) => ({ section_id: sectionId, role: 'teacher', clever_user_id: id, clever_district_id: s.cleverDistrictId })),
        ...[...new Set(s.studentIds)].map((id) => ({ section_id: sectionId, role: 'student', clever_user_id: id, clever_district_id: s.cleverDistrictId })),
      ];
    });
    for (let i = 0; i < members.length; i += MEMBER_CHUNK) {
      await executeStatement(
        em,
        // Accounts already projected are resolved now (one join per chunk); the others by the account trigger.
        sql`insert into section_member (section_id, role, clever_user_id, account_id)
            select r.section_id, r.role, r.clever_user_id, a.id
            from json_to_recordset(${jsonDocument(members.slice(i, i + MEMBER_CHUNK))}::json)
              as r(section_id uuid, role text, clever_user_id text, clever_district_id text)
            left join district d on d.clever_district_id = r.clever_district_id
            left join account a on a.district_id = d.id and a.clever_id = r.clever_user_id
            on conflict do nothing`,
      );
    }
    return applied.length;
  }

  /** Marks sections removed (a tombstone, even for a section never seen) and drops their members; returns how many. */
  async remove(em: EntityManager, removals: SectionRemoval[]): Promise<number> {
    if (removals.length === 0) return 0;
    const rows = removals.map((r) => ({ clever_district_id: r.cleverDistrictId, clever_id: r.cleverId, version: r.version }));
    const applied = await selectRows<{ id: string }>(
      em,
      sql`insert into section (id, clever_district_id, clever_id, clever_school_id, name, version, removed_at, updated_at)
          select gen_random_uuid(), r.clever_district_id, r.clever_id, '', '', r.version, now(), now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(clever_district_id text, clever_id text, version bigint)
          on conflict (clever_district_id, clever_id) do update set version = excluded.version, removed_at = excluded.removed_at,
            updated_at = excluded.updated_at
          where section.version < excluded.version
          returning id`,
    );
    if (applied.length > 0) {
      await lockAgainstAccountInserts(em);
      await executeStatement(em, sql`delete from section_member where section_id = any(${applied.map((r) => r.id)}::uuid[])`);
    }
    return applied.length;
  }
}

/** Reads of the section projection that several use cases need. */
@Injectable()
export class SectionLookupRepository {
  /** Whether `sectionId` is a live section of this school (of this school's district). */
  async isSectionOfSchool(em: EntityManager, sectionId: string, schoolId: string): Promise<boolean> {
    const rows = await selectRows<{ id: string }>(
      em,
      sql`select s.id from section s
          join school sc on sc.id = ${schoolId}
          join district d on d.id = sc.district_id
          where s.id = ${sectionId} and s.removed_at is null and s.clever_school_id = sc.clever_id and s.clever_district_id = d.clever_district_id`,
    );
    return rows.length > 0;
  }

  /** The Clever user id of an account of the projection (null when unknown). */
  async cleverIdOf(em: EntityManager, accountId: string): Promise<string | null> {
    const rows = await selectRows<{ clever_id: string }>(em, sql`select clever_id from account where id = ${accountId}`);
    return rows[0]?.clever_id ?? null;
  }
}
