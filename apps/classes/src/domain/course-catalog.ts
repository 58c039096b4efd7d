import { z } from 'zod';

/** A course of the program; classes reference it by id, placements recommend one. */
export interface Course {
  id: string;
  name: string;
  description?: string;
  order: number;
}

const courseInput = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'course ids hold letters, digits, . _ -'),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  order: z.number().int().optional(),
});
const catalogInput = z.preprocess((v) => (Array.isArray(v) ? { courses: v } : v), z.object({ courses: z.array(courseInput) }));

/**
 * The built-in catalog for the demo: SPIRE-style levels 1 to 8. ILLUSTRATIVE ONLY — ids and names are
 * placeholders, not the publisher's catalog; deployments set COURSE_CATALOG_FILE or COURSE_CATALOG_JSON.
 */
export const DEFAULT_COURSE_CATALOG: readonly Course[] = Array.from({ length: 8 }, (_, i) => ({
  id: `spire-${i + 1}`,
  name: `Level ${i + 1}`,
  description: `Illustrative course: level ${i + 1} of a SPIRE-style sequence (demo catalog).`,
  order: i + 1,
}));

export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

/**
 * Parses a catalog document: an array of courses or `{ "courses": [...] }`. Ids must be unique; a course
 * without `order` takes its position. The result is sorted by order, then id.
 */
export function parseCourseCatalog(text: string, source = 'catalog'): Course[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CatalogError(`${source}: not valid JSON`);
  }
  const parsed = catalogInput.safeParse(raw);
  if (!parsed.success) throw new CatalogError(`${source}: ${z.prettifyError(parsed.error)}`);
  const list = parsed.data.courses;
  if (list.length === 0) throw new CatalogError(`${source}: the catalog has no course`);
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.id)) throw new CatalogError(`${source}: duplicate course id ${c.id}`);
    seen.add(c.id);
  }
  return list
    .map((c, i) => ({ id: c.id, name: c.name, ...(c.description ? { description: c.description } : {}), order: c.order ?? i + 1 }))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The program's courses, looked up by id. */
export class CourseCatalog {
  private readonly byId: Map<string, Course>;

  constructor(private readonly courses: readonly Course[] = DEFAULT_COURSE_CATALOG) {
    this.byId = new Map(courses.map((c) => [c.id, c]));
  }

  list(): Course[] {
    return this.courses.map((c) => ({ ...c }));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
