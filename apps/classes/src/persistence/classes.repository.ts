import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { Actor } from '@roster/contracts';
import { selectRows, sql, type EntityManager } from '@roster/persistence';
import type { SchoolClass } from '../domain/class-rules';
import { defaultSchoolYear, defaultSchoolYearId } from '../domain/school-year';
import { AccountEntity, accountName } from './account.entity';
import { AccountSchoolEntity } from './account-school.entity';
import { ClassEntity, ClassTeacherEntity, newClassRecord, toSchoolClass, type ClassRecord } from './class.entity';
import type { ClassBody } from '@roster/internal-api';

/** `Class` of docs/internal-api.md: the class, its teachers with names, its active enrollment count (the contract). */
export type ClassView = ClassBody;

export interface ListClassesFilter {
  districtId: string;
  schoolId?: string;
  status?: 'active' | 'archived';
  /** Limit to classes in these schools, or taught by this account ('all': no limit). */
  scope: 'all' | { schoolIds: string[]; teacherId: string };
  after?: { name: string; id: string };
  limit: number;
}

/** Reads and writes classes and their teachers (tables `class`, `class_teacher`). */
@Injectable()
export class ClassesRepository {
  /** The class with its teacher ids; `lock` holds the row until the transaction ends (changes to one class serialise). */
  async find(em: EntityManager, id: string, lock = false): Promise<SchoolClass | undefined> {
    const record = await em.findOne(ClassEntity, id, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!record) return undefined;
    return toSchoolClass(record, await this.teacherIds(em, id));
  }

  private async teacherIds(em: EntityManager, classId: string): Promise<string[]> {
    const rows = await em.find(ClassTeacherEntity, { classId }, { orderBy: { teacherId: 'asc' } });
    return rows.map((t) => t.teacherId);
  }

  /** Writes a new class (version 1) and its teachers. */
  async insert(em: EntityManager, cls: Omit<SchoolClass, 'status' | 'version' | 'createdAt' | 'updatedAt'>, actor: Actor): Promise<void> {
    em.create(ClassEntity, newClassRecord(cls, actor));
    for (const teacherId of cls.teacherIds) em.create(ClassTeacherEntity, { classId: cls.id, teacherId });
    await em.flush();
  }

  /** Writes a class's new name, course, teachers and flag, with its next version. */
  async saveChange(em: EntityManager, next: Pick<SchoolClass, 'id' | 'name' | 'courseId' | 'needsTeacher' | 'version'>, added: string[], removed: string[]): Promise<void> {
    const record = await this.record(em, next.id);
    Object.assign(record, { name: next.name, courseId: next.courseId, needsTeacher: next.needsTeacher, version: next.version, updatedAt: new Date() });
    for (const teacherId of added) em.create(ClassTeacherEntity, { classId: next.id, teacherId });
    await em.flush();
    if (removed.length > 0) await em.nativeDelete(ClassTeacherEntity, { classId: next.id, teacherId: { $in: removed } });
  }

  async archive(em: EntityManager, id: string, version: number): Promise<void> {
    const record = await this.record(em, id);
    const now = new Date();
    Object.assign(record, { status: 'archived', archivedAt: now, updatedAt: now, version });
    await em.flush();
  }

  private async record(em: EntityManager, id: string): Promise<ClassRecord> {
    return em.findOneOrFail(ClassEntity, id);
  }

  /** Ids among `ids` that are NOT active teachers of the school in the identity projection. */
  async teachersNotInSchool(em: EntityManager, schoolId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await em.find(AccountSchoolEntity, { schoolId, isTeacher: true, status: 'active', accountId: { $in: [...ids] } }, { fields: ['accountId'] });
    const valid = new Set(rows.map((r) => r.accountId));
    return [...new Set(ids)].filter((id) => !valid.has(id));
  }

  async view(em: EntityManager, id: string): Promise<ClassView | undefined> {
    const record = await em.findOne(ClassEntity, id);
    return record ? (await this.views(em, [record]))[0] : undefined;
  }

  /** Classes sorted by name then id, keyset-paged; `limit + 1` rows are read to know whether more exist. */
  async list(em: EntityManager, f: ListClassesFilter): Promise<ClassView[]> {
    const where: Record<string, unknown>[] = [{ districtId: f.districtId }];
    if (f.schoolId) where.push({ schoolId: f.schoolId });
    if (f.status) where.push({ status: f.status });
    if (f.scope !== 'all') {
      const taught = await em.find(ClassTeacherEntity, { teacherId: f.scope.teacherId }, { fields: ['classId'] });
      where.push({ $or: [{ schoolId: { $in: f.scope.schoolIds } }, { id: { $in: taught.map((t) => t.classId) } }] });
    }
    if (f.after) where.push({ $or: [{ name: { $gt: f.after.name } }, { name: f.after.name, id: { $gt: f.after.id } }] });
    const records = await em.find(ClassEntity, { $and: where }, { orderBy: [{ name: 'asc' }, { id: 'asc' }], limit: f.limit + 1 });
    return this.views(em, records);
  }

  /** The views of these classes: teachers with names (one read), active enrollment counts (one read). */
  private async views(em: EntityManager, records: ClassRecord[]): Promise<ClassView[]> {
    if (records.length === 0) return [];
    const ids = records.map((r) => r.id);
    const teachers = await em.find(ClassTeacherEntity, { classId: { $in: ids } }, { orderBy: [{ classId: 'asc' }, { teacherId: 'asc' }] });
    const teacherIds = [...new Set(teachers.map((t) => t.teacherId))];
    const accounts = teacherIds.length
      ? await em.find(AccountEntity, { id: { $in: teacherIds } }, { fields: ['id', 'firstName', 'middleName', 'lastName'] })
      : [];
    const names = new Map(accounts.map((a) => [a.id, accountName(a)]));
    const counts = await selectRows<{ class_id: string; n: number }>(
      em,
      sql`select class_id, count(*)::int as n from enrollment where class_id = any(${ids}::uuid[]) and status = 'active' group by class_id`,
    );
    const active = new Map(counts.map((c) => [c.class_id, c.n]));
    const yearIds = [...new Set(records.map((r) => r.schoolYearId).filter((id): id is string => !!id))];
    const years = yearIds.length
      ? await selectRows<{ id: string; name: string }>(em, sql`select id, name from school_year where id = any(${yearIds}::uuid[])`)
      : [];
    const yearName = new Map(years.map((y) => [y.id, y.name]));
    // A class not assigned to a year belongs to its district's current year: the stored one, else the default year
    // (what the school-years list shows; a rollover stores it and assigns the class).
    const unassigned = [...new Set(records.filter((r) => !r.schoolYearId).map((r) => r.districtId))];
    const currentOf = new Map<string, { id: string; name: string }>();
    if (unassigned.length > 0) {
      const current = await selectRows<{ district_id: string; id: string; name: string }>(
        em,
        sql`select district_id, id, name from school_year where district_id = any(${unassigned}::uuid[]) and status = 'current'`,
      );
      for (const y of current) currentOf.set(y.district_id, { id: y.id, name: y.name });
      const { name } = defaultSchoolYear(new Date());
      for (const districtId of unassigned) if (!currentOf.has(districtId)) currentOf.set(districtId, { id: defaultSchoolYearId(districtId, name), name });
    }
    const byClass = new Map<string, string[]>();
    for (const t of teachers) byClass.set(t.classId, [...(byClass.get(t.classId) ?? []), t.teacherId]);
    return records.map((r) => {
      const cls = toSchoolClass(r, byClass.get(r.id) ?? []);
      return {
        id: cls.id,
        districtId: cls.districtId,
        schoolId: cls.schoolId,
        name: cls.name,
        courseId: cls.courseId,
        teacherIds: cls.teacherIds,
        teachers: cls.teacherIds.map((id) => {
          const name = names.get(id);
          return name ? { id, name } : { id };
        }),
        status: cls.status,
        needsTeacher: cls.needsTeacher,
        activeEnrollments: active.get(r.id) ?? 0,
        createdAt: cls.createdAt,
        updatedAt: cls.updatedAt,
        ...(r.schoolYearId && yearName.has(r.schoolYearId) ? { schoolYear: { id: r.schoolYearId, name: yearName.get(r.schoolYearId)! } } : {}),
        ...(!r.schoolYearId && currentOf.has(r.districtId) ? { schoolYear: currentOf.get(r.districtId)! } : {}),
      };
    });
  }
}
