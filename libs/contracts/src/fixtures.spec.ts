import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Events, buildEnvelope, eventDefinition, parseEnvelope, type EventDefinition } from './index';

/**
 * Golden fixtures: one full envelope per event type in ./fixtures/<event type>.json. They are the
 * messages consumers were written against; every one must keep parsing as long as its topic's major
 * version lives (ARCHITECTURE.md §3). Never edit a fixture to make a schema change pass: a change that
 * breaks one is a breaking change (new `v2` topic).
 */
const fixturesDir = join(__dirname, 'fixtures');
const fixtureFiles = readdirSync(fixturesDir).filter((f) => f.endsWith('.json')).sort();
const registeredTypes = (Object.values(Events) as EventDefinition[]).map((d) => d.type).sort();

function readFixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Record<string, unknown>;
}

describe('golden fixtures', () => {
  it('has exactly one fixture per registered event type', () => {
    const fixtureTypes = fixtureFiles.map((f) => f.replace(/\.json$/, ''));
    const missing = registeredTypes.filter((t) => !fixtureTypes.includes(t));
    const unknown = fixtureTypes.filter((t) => !registeredTypes.includes(t));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    expect(fixtureTypes).toEqual(registeredTypes);
  });

  describe.each(fixtureFiles)('%s', (file) => {
    const raw = readFixture(file);
    const text = readFileSync(join(fixturesDir, file), 'utf8');

    it('parses with parseEnvelope, from text, from a Buffer and from an object', () => {
      const fromText = parseEnvelope(text);
      expect(parseEnvelope(Buffer.from(text))).toEqual(fromText);
      expect(parseEnvelope(raw)).toEqual(fromText);
    });

    it('declares the type its file is named after', () => {
      expect(raw.type).toBe(file.replace(/\.json$/, ''));
    });

    it('holds nothing outside the contract (parsing drops nothing)', () => {
      expect(parseEnvelope(raw)).toEqual(raw);
    });

    it('is what buildEnvelope produces from the same inputs', () => {
      const def = eventDefinition(raw.type as string)!;
      const { type: _type, ...fields } = raw as unknown as { type: string } & Parameters<typeof buildEnvelope>[1];
      expect(buildEnvelope(def, fields)).toEqual(raw);
    });
  });
});
