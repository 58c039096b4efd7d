import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classesEnv, loadCourseCatalog } from './config';
import { DEFAULT_COURSE_CATALOG } from './domain/course-catalog';

describe('classes configuration', () => {
  it('reads the catalog from COURSE_CATALOG_JSON or COURSE_CATALOG_FILE, else the built-in one', () => {
    expect(loadCourseCatalog({})).toBe(DEFAULT_COURSE_CATALOG);
    expect(loadCourseCatalog({ COURSE_CATALOG_JSON: '[{"id":"c1","name":"Course 1"}]' })).toEqual([{ id: 'c1', name: 'Course 1', order: 1 }]);
    const file = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'catalog.json');
    writeFileSync(file, JSON.stringify({ courses: [{ id: 'f1', name: 'From file' }] }));
    expect(loadCourseCatalog({ COURSE_CATALOG_FILE: file })).toEqual([{ id: 'f1', name: 'From file', order: 1 }]);
    expect(() => loadCourseCatalog({ COURSE_CATALOG_FILE: file, COURSE_CATALOG_JSON: '[]' })).toThrow('not both');
    expect(() => loadCourseCatalog({ COURSE_CATALOG_FILE: join(file, 'missing') })).toThrow('COURSE_CATALOG_FILE');
  });

  it('fails fast on a missing database URL or a short internal secret', () => {
    expect(classesEnv.safeParse({ DATABASE_URL: 'postgres://x/y', INTERNAL_AUTH_SECRET: 'a'.repeat(16) }).success).toBe(true);
    expect(classesEnv.safeParse({ INTERNAL_AUTH_SECRET: 'a'.repeat(16) }).success).toBe(false);
    expect(classesEnv.safeParse({ DATABASE_URL: 'postgres://x/y', INTERNAL_AUTH_SECRET: 'short' }).success).toBe(false);
  });
});
