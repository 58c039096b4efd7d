import { Events, type Actor } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import { query, type EntityManager } from '@roster/persistence';
import { compact, iso, uuidArray } from './sql';

export interface ClassRow {
  id: string;
  district_id: string;
  school_id: string;
  name: string;
  course_id: string | null;
  status: 'active' | 'archived';
  needs_teacher: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /** Sorted teacher ids. */
  teacher_ids: string[];
}

export interface PersonName {
  first: string;
  middle?: string;
  last: string;
}

/** `Class` of docs/internal-api.md. */
export interface ClassView {
  id: string;
  districtId: string;
  schoolId: string;
  name: string;
  courseId: string | null;
  teacherIds: string[];
  teachers: { id: string; name?: PersonName }[];
  status: 'active' | 'archived';
  needsTeacher: boolean;
  activeEnrollments: number;
  createdAt: string;
  updatedAt: string;
}

const TEACHER_IDS = `coalesce(array(select ct.teacher_id from class_teacher ct where ct.class_id = c.id order by ct.teacher_id), '{}') as teacher_ids`;

/** Columns of a class view: the class, its teachers with names, its active enrollment count. */
export const CLASS_VIEW_COLUMNS = `c.id, c.district_id, c.school_id, c.name, c.course_id, c.status, c.needs_teacher, c.version,
  c.created_at, c.updated_at, ${TEACHER_IDS},
  coalesce((select json_agg(json_build_object('id', ct.teacher_id, 'first', a.first_name, 'middle', a.middle_name, 'last', a.last_name)
                            order by ct.teacher_id)
            from class_teacher ct left join account a on a.id = ct.teacher_id where ct.class_id = c.id), '[]'::json) as teachers,
  (select count(*) from enrollment e where e.class_id = c.id and e.status = 'active')::int as active_enrollments`;

interface ClassViewRow extends ClassRow {
  teachers: { id: string; first: string | null; middle: string | null; last: string | null }[];
  active_enrollments: number;
}

export function toClassView(row: ClassViewRow): ClassView {
  return {
    id: row.id,
    districtId: row.district_id,
    schoolId: row.school_id,
    name: row.name,
    courseId: row.course_id,
    teacherIds: row.teacher_ids,
    teachers: row.teachers.map((t) =>
      t.first === null || t.last === null ? { id: t.id } : { id: t.id, name: compact({ first: t.first, middle: t.middle ?? undefined, last: t.last }) },
    ),
    status: row.status,
    needsTeacher: row.needs_teacher,
    activeEnrollments: row.active_enrollments,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function loadClassView(em: EntityManager, id: string): Promise<ClassView | undefined> {
  const rows = await query<ClassViewRow>(em, `select ${CLASS_VIEW_COLUMNS} from class c where c.id = ?`, [id]);
  return rows[0] ? toClassView(rows[0]) : undefined;
}

/** The class with its teacher ids; `lock` holds the row until the transaction ends (changes to one class serialise). */
export async function findClass(em: EntityManager, id: string, lock = false): Promise<ClassRow | undefined> {
  const rows = await query<ClassRow>(
    em,
    `select c.id, c.district_id, c.school_id, c.name, c.course_id, c.status, c.needs_teacher, c.version, c.created_at, c.updated_at,
            ${TEACHER_IDS}
     from class c where c.id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  return rows[0];
}

/** Ids among `ids` that are NOT active teachers of the school in the identity projection. */
export async function teachersNotInSchool(em: EntityManager, schoolId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await query<{ account_id: string }>(
    em,
    `select m.account_id from account_school m
     where m.school_id = ? and m.is_teacher and m.status = 'active' and m.account_id = any(?::uuid[])`,
    [schoolId, uuidArray(ids)],
  );
  const valid = new Set(rows.map((r) => r.account_id));
  return [...new Set(ids)].filter((id) => !valid.has(id));
}

export type ClassEventKind = 'created' | 'updated' | 'archived';

/**
 * A class event with the full ClassState. The id is the class id and its version: one event per
 * version, so writing it twice writes the same event.
 */
export function classEvent(kind: ClassEventKind, row: Omit<ClassRow, 'created_at' | 'updated_at'>, actor: Actor, changed: string[] = []): OutboxItem {
  const state = {
    classId: row.id,
    districtId: row.district_id,
    schoolId: row.school_id,
    name: row.name,
    courseId: row.course_id,
    teacherIds: row.teacher_ids,
    status: row.status,
    needsTeacher: row.needs_teacher,
    actor,
  };
  const def = kind === 'created' ? Events.classCreated : kind === 'archived' ? Events.classArchived : Events.classUpdated;
  return {
    def,
    event: {
      id: `classes.class:${row.id}:v${row.version}`,
      subject: row.id,
      districtId: row.district_id,
      version: row.version,
      data: kind === 'updated' ? { ...state, changed } : state,
    },
  } as OutboxItem;
}
