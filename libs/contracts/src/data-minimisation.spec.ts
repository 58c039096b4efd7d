import { z } from 'zod';
import { Events, envelopeSchema, eventJsonSchema } from './index';

/**
 * ARCHITECTURE.md §1 "Data minimisation": demographics are never stored, so no contract may even have a
 * field for them. Walks the JSON Schema of every payload (and of the whole message) at any depth.
 */
const forbidden = [
  'dob',
  'race',
  'gender',
  'ell_status',
  'iep_status',
  'frl_status',
  'disability',
  'disability_status',
  'disability_type',
  'home_language',
  'hispanic_ethnicity',
  'gifted_status',
  'section_504_status',
];

/** Every property name declared anywhere in a JSON Schema (properties, items, anyOf, $defs, ...). */
function propertyNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) propertyNames(item, out);
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const key of ['properties', 'patternProperties'] as const) {
      const props = obj[key];
      if (props && typeof props === 'object') for (const name of Object.keys(props)) out.add(name);
    }
    if (Array.isArray(obj.required)) for (const name of obj.required) if (typeof name === 'string') out.add(name);
    for (const value of Object.values(obj)) propertyNames(value, out);
  }
  return out;
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** camelCase / snake_case / kebab-case words of a property name, lower case. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

const demographicWords = new Set([
  'dob', 'birth', 'birthday', 'birthdate', 'race', 'ethnicity', 'hispanic', 'gender', 'sex', 'ell', 'lep', 'iep', '504',
  'frl', 'lunch', 'disability', 'disabilities', 'language', 'gifted',
]);

describe('data minimisation', () => {
  it('the word splitter sees through spellings (self-check)', () => {
    expect(words('studentDob')).toEqual(['student', 'dob']);
    expect(words('home_language')).toEqual(['home', 'language']);
    expect(words('traceparent')).toEqual(['traceparent']);
  });

  it('the walker finds nested property names (self-check)', () => {
    const schema = z.toJSONSchema(z.object({ a: z.object({ b: z.array(z.object({ dob: z.string() })) }) }));
    expect(propertyNames(schema)).toEqual(new Set(['a', 'b', 'dob']));
  });

  describe.each(Object.values(Events).map((d) => [d.type, d] as const))('%s', (_type, def) => {
    for (const io of ['input', 'output'] as const) {
      it(`has no demographic field at any depth (${io} schema)`, () => {
        const names = [...propertyNames(z.toJSONSchema(def.schema, { io }))].map(normalise);
        expect(names.filter((n) => forbidden.map(normalise).includes(n))).toEqual([]);
      });
    }

    it('the published message schema has none either, not even under another spelling', () => {
      const names = [...propertyNames(eventJsonSchema(def))];
      expect(names.map(normalise).filter((n) => forbidden.map(normalise).includes(n))).toEqual([]);
      // e.g. "studentDob", "race_code", "iepFlag", "homeLanguage", "birthDate"
      expect(names.filter((n) => words(n).some((w) => demographicWords.has(w)))).toEqual([]);
    });
  });

  it('the envelope has no demographic field', () => {
    const names = [...propertyNames(z.toJSONSchema(envelopeSchema))].map(normalise);
    expect(names.filter((n) => forbidden.map(normalise).includes(n))).toEqual([]);
  });
});
