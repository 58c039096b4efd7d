import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CatalogError, DEFAULT_COURSE_CATALOG, parseCourseCatalog, type Course } from './domain/course-catalog';

/** The classes service's own environment (PORT, HOST, PROCESS_ROLES and KAFKA_* are read by runServiceMain). */
export const classesEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  INTERNAL_AUTH_SECRET: z.string().min(16, 'INTERNAL_AUTH_SECRET must hold at least 16 characters'),
  /** identity's internal API, for re-reading what a dead-lettered identity event would have changed (classes.identity-dlq). */
  IDENTITY_URL: z.url().optional(),
  /** Path of a JSON course catalog (array of {id, name, description?, order?} or {courses: [...]}). */
  COURSE_CATALOG_FILE: z.string().min(1).optional(),
  /** The same document inline. */
  COURSE_CATALOG_JSON: z.string().min(1).optional(),
});
export type ClassesEnv = z.infer<typeof classesEnv>;

/** The catalog from COURSE_CATALOG_FILE or COURSE_CATALOG_JSON (not both); neither: the built-in demo catalog. */
export function loadCourseCatalog(env: Pick<ClassesEnv, 'COURSE_CATALOG_FILE' | 'COURSE_CATALOG_JSON'>): readonly Course[] {
  if (env.COURSE_CATALOG_FILE && env.COURSE_CATALOG_JSON) {
    throw new CatalogError('set COURSE_CATALOG_FILE or COURSE_CATALOG_JSON, not both');
  }
  if (env.COURSE_CATALOG_JSON) return parseCourseCatalog(env.COURSE_CATALOG_JSON, 'COURSE_CATALOG_JSON');
  if (env.COURSE_CATALOG_FILE) {
    let text: string;
    try {
      text = readFileSync(env.COURSE_CATALOG_FILE, 'utf8');
    } catch (error) {
      throw new CatalogError(`COURSE_CATALOG_FILE ${env.COURSE_CATALOG_FILE}: ${(error as Error).message}`);
    }
    return parseCourseCatalog(text, `COURSE_CATALOG_FILE ${env.COURSE_CATALOG_FILE}`);
  }
  return DEFAULT_COURSE_CATALOG;
}
