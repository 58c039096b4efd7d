import { CatalogError, CourseCatalog, DEFAULT_COURSE_CATALOG, parseCourseCatalog } from './course-catalog';
import { nameBasedUuid } from './ids';

describe('course catalog', () => {
  it('defaults to an illustrative catalog of eight levels', () => {
    expect(DEFAULT_COURSE_CATALOG.map((c) => c.id)).toEqual(['spire-1', 'spire-2', 'spire-3', 'spire-4', 'spire-5', 'spire-6', 'spire-7', 'spire-8']);
    const catalog = new CourseCatalog();
    expect(catalog.has('spire-8')).toBe(true);
    expect(catalog.has('spire-9')).toBe(false);
  });

  it('parses an array or {courses}, ordering by `order` then position', () => {
    expect(parseCourseCatalog('[{"id":"b","name":"B","order":2},{"id":"a","name":"A","order":1}]').map((c) => c.id)).toEqual(['a', 'b']);
    expect(parseCourseCatalog('{"courses":[{"id":"x","name":"X","description":"d"},{"id":"y","name":"Y"}]}')).toEqual([
      { id: 'x', name: 'X', description: 'd', order: 1 },
      { id: 'y', name: 'Y', order: 2 },
    ]);
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'no course'],
    ['[{"id":"a","name":"A"},{"id":"a","name":"B"}]', 'duplicate course id a'],
    ['[{"id":"a b","name":"A"}]', 'course ids'],
    ['[{"id":"a"}]', 'name'],
  ])('rejects %s', (text, message) => {
    expect(() => parseCourseCatalog(text, 'COURSE_CATALOG_JSON')).toThrow(CatalogError);
    expect(() => parseCourseCatalog(text, 'COURSE_CATALOG_JSON')).toThrow(message);
  });
});

describe('nameBasedUuid', () => {
  it('gives the same uuid for the same input and another for another input', () => {
    const id = nameBasedUuid('assessment.placement', 'pt_1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('assessment.placement', 'pt_1')).toBe(id);
    expect(nameBasedUuid('assessment.placement', 'pt_2')).not.toBe(id);
  });
});
