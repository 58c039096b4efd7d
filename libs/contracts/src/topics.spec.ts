import { Events, Topics, allTopics, dlqTopicName, provisionedTopics } from './index';

/** Topics a Roster service consumes (ARCHITECTURE.md §2): each needs a dead-letter topic. */
const consumedByRoster = [
  'roster.districts.v1',
  'roster.schools.v1',
  'roster.users.v1',
  'roster.sections.v1',
  'roster.sync-runs.v1',
  'identity.accounts.v1',
  'identity.schools.v1',
  'assessment.placements.v1',
];

describe('topics', () => {
  it('are named <domain>.<entity>.v<major>', () => {
    for (const t of allTopics) expect(t.name).toMatch(/^[a-z][a-z0-9]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/);
  });

  it('are unique and match the registry object', () => {
    const names = allTopics.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(allTopics).toEqual(Object.values(Topics));
  });

  it('each carry at least one event type, and every event is on a registered topic', () => {
    const defs = Object.values(Events);
    for (const t of allTopics) expect(defs.some((d) => d.topic.name === t.name)).toBe(true);
    for (const d of defs) expect(allTopics).toContain(d.topic);
  });

  it('have a key description and a positive partition count', () => {
    for (const t of allTopics) {
      expect(t.key.length).toBeGreaterThan(0);
      expect(Number.isInteger(t.partitions) && t.partitions > 0).toBe(true);
    }
  });

  it('mark every topic a Roster service consumes as consumed', () => {
    for (const name of consumedByRoster) expect(allTopics.find((t) => t.name === name)?.consumed).toBe(true);
  });

  it('provision a <topic>.dlq for every consumed topic, and no DLQ of a DLQ', () => {
    const provisioned = provisionedTopics();
    const names = provisioned.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of allTopics) {
      expect(names).toContain(t.name);
      if (t.consumed) expect(names).toContain(`${t.name}.dlq`);
    }
    for (const name of consumedByRoster) expect(names).toContain(dlqTopicName(name));
    expect(names.filter((n) => n.endsWith('.dlq.dlq'))).toEqual([]);
    for (const t of provisioned) expect(t.partitions).toBeGreaterThan(0);
  });

  it('name the DLQ <topic>.dlq', () => {
    expect(dlqTopicName('roster.users.v1')).toBe('roster.users.v1.dlq');
  });
});
