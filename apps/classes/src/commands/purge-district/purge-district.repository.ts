import { Injectable } from '@nestjs/common';
import { lastErrorNamesAny, messageIdNamesAny, runPurge, selectRows, sql, type EntityManager, type PurgeStep, type TableCount } from '@roster/persistence';

/** What classes holds of one district: its ids (none when classes never saw the district). */
export interface ClassesDistrictKeys {
  cleverDistrictId: string;
  districtId: string | null;
  accountIds: string[];
  schoolIds: string[];
  classIds: string[];
  enrollmentIds: string[];
  placementIds: string[];
  sectionIds: string[];
  /** Clever ids of the district's users, schools and sections. */
  cleverIds: string[];
  runIds: string[];
}

const ids = async (em: EntityManager, query: ReturnType<typeof sql>): Promise<string[]> => (await selectRows<{ id: string }>(em, query)).map((r) => r.id);

/** classes' rows of a district: reads the keys, deletes (or counts) every row holding one. */
@Injectable()
export class PurgeDistrictRepository {
  async keys(em: EntityManager, cleverDistrictId: string, runIds: readonly string[]): Promise<ClassesDistrictKeys> {
    // The district's id comes from identity's events (district, school and account projections).
    const districtId =
      (await ids(em, sql`select id::text as id from district where clever_district_id = ${cleverDistrictId}`))[0] ?? null;
    const d = districtId ?? '00000000-0000-0000-0000-000000000000';
    const accounts = await selectRows<{ id: string; clever_id: string | null }>(em, sql`select id::text as id, clever_id from account where district_id = ${d}::uuid`);
    const schools = await selectRows<{ id: string; clever_id: string | null }>(em, sql`select id::text as id, clever_id from school where district_id = ${d}::uuid`);
    const sections = await selectRows<{ id: string; clever_id: string }>(em, sql`select id::text as id, clever_id from section where clever_district_id = ${cleverDistrictId}`);
    return {
      cleverDistrictId,
      districtId,
      accountIds: accounts.map((a) => a.id),
      schoolIds: schools.map((s) => s.id),
      classIds: await ids(em, sql`select id::text as id from class where district_id = ${d}::uuid`),
      enrollmentIds: await ids(em, sql`select id::text as id from enrollment where district_id = ${d}::uuid`),
      placementIds: await ids(em, sql`select id::text as id from placement where district_id = ${d}::uuid`),
      sectionIds: sections.map((s) => s.id),
      cleverIds: [...accounts, ...schools, ...sections].map((r) => r.clever_id).filter((id): id is string => !!id),
      runIds: [...runIds],
    };
  }

  /** Every row of the district, children first; `dryRun` counts the same rows and deletes nothing. */
  async purge(em: EntityManager, k: ClassesDistrictKeys, dryRun: boolean): Promise<TableCount[]> {
    const d = k.districtId ?? '00000000-0000-0000-0000-000000000000';
    const districtIds = [k.cleverDistrictId, ...(k.districtId ? [k.districtId] : [])];
    const tokens = [...districtIds, ...k.accountIds, ...k.schoolIds, ...k.classIds, ...k.enrollmentIds, ...k.placementIds, ...k.sectionIds, ...k.cleverIds, ...k.runIds];
    const steps: PurgeStep[] = [
      { table: 'enrollment', where: sql`district_id = ${d}::uuid or class_id::text = any(${k.classIds}::text[])` },
      { table: 'class_teacher', where: sql`class_id::text = any(${k.classIds}::text[]) or teacher_id::text = any(${k.accountIds}::text[])` },
      { table: 'class', where: sql`district_id = ${d}::uuid` },
      { table: 'placement_latest', where: sql`student_id::text = any(${k.accountIds}::text[]) or placement_id::text = any(${k.placementIds}::text[])` },
      { table: 'placement', where: sql`district_id = ${d}::uuid` },
      { table: 'audit_log', where: sql`district_id = ${d}::uuid` },
      { table: 'account_school', where: sql`district_id = ${d}::uuid or account_id::text = any(${k.accountIds}::text[])` },
      { table: 'account_first_seen', where: sql`account_id::text = any(${k.accountIds}::text[])` },
      { table: 'section_member', where: sql`section_id::text = any(${k.sectionIds}::text[])` },
      { table: 'section', where: sql`clever_district_id = ${k.cleverDistrictId}` },
      { table: 'account', where: sql`district_id = ${d}::uuid` },
      { table: 'school', where: sql`district_id = ${d}::uuid` },
      { table: 'district', where: sql`id = ${d}::uuid or clever_district_id = ${k.cleverDistrictId}` },
      { table: 'outbox_message', where: sql`payload->>'districtId' = any(${districtIds}::text[])` },
      { table: 'inbox_message', where: messageIdNamesAny(tokens) },
      { table: 'inbox_attempt', where: lastErrorNamesAny(tokens) },
    ];
    // Tables added by later features (school years, merges, ...) are found by these columns.
    const keyColumns = {
      district_id: k.districtId ? [k.districtId] : [],
      clever_district_id: [k.cleverDistrictId],
      account_id: k.accountIds,
      student_id: k.accountIds,
      teacher_id: k.accountIds,
      source_account_id: k.accountIds,
      target_account_id: k.accountIds,
      school_id: k.schoolIds,
      class_id: k.classIds,
      enrollment_id: k.enrollmentIds,
      section_id: k.sectionIds,
    };
    return runPurge(em, steps, keyColumns, dryRun);
  }
}
