/**
 * The topic registry: every Kafka topic Roster writes or reads, its key and default partition count.
 * Topic names follow `<domain>.<entity>.v<major>`; a breaking change is a new `v2` topic written beside
 * `v1` until consumers move (ARCHITECTURE.md §3).
 */
export interface TopicDefinition {
  readonly name: string;
  /** What the message key is; per-key order is what consumers rely on. */
  readonly key: string;
  readonly partitions: number;
  readonly description: string;
  /** Whether a `<name>.dlq` topic exists for it (every consumed topic has one). */
  readonly consumed: boolean;
}

function topic(name: string, key: string, description: string, partitions = 6, consumed = true): TopicDefinition {
  return { name, key, description, partitions, consumed };
}

export const Topics = {
  rosterDistricts: topic('roster.districts.v1', 'Clever district id', 'Districts connected through Clever.'),
  rosterSchools: topic('roster.schools.v1', 'Clever school id', 'Schools a district shares.'),
  rosterUsers: topic('roster.users.v1', 'Clever user id', 'Users a district shares (admins, staff, teachers, students).'),
  rosterSections: topic('roster.sections.v1', 'Clever section id', 'Sections, for filters and suggestions only.'),
  rosterSyncRuns: topic('roster.sync-runs.v1', 'Clever district id', 'Lifecycle of sync runs per district.'),
  identityAccounts: topic('identity.accounts.v1', 'account id', 'Accounts created, updated, archived, restored.'),
  identitySchools: topic('identity.schools.v1', 'school id', 'Schools as identity knows them.'),
  classesClasses: topic('classes.classes.v1', 'class id', 'Classes created, updated, archived.'),
  classesEnrollments: topic('classes.enrollments.v1', 'class id', 'Enrollments started and ended.'),
  assessmentPlacements: topic(
    'assessment.placements.v1',
    'student account id',
    'Placement-test results from the assessment service (input).',
  ),
  // District purge (issue 16): a handful of messages per purge (one partition is plenty; TOPIC_PARTITIONS may raise it).
  rosterDistrictPurges: topic('roster.district-purges.v1', 'purge id', 'District purge requests (platform operators) and clever-ingestion\'s confirmation.', 1),
  identityDistrictPurges: topic('identity.district-purges.v1', 'purge id', 'identity\'s district purge confirmations (read by the purge command).', 1, false),
  classesDistrictPurges: topic('classes.district-purges.v1', 'purge id', 'classes\' district purge confirmations (read by the purge command).', 1, false),
} as const satisfies Record<string, TopicDefinition>;

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

export const allTopics: readonly TopicDefinition[] = Object.values(Topics);

export function dlqTopicName(topicName: string): string {
  return `${topicName}.dlq`;
}

/** Every topic to provision, dead-letter topics included. */
export function provisionedTopics(): { name: string; partitions: number }[] {
  return allTopics.flatMap((t) => [
    { name: t.name, partitions: t.partitions },
    ...(t.consumed ? [{ name: dlqTopicName(t.name), partitions: 1 }] : []),
  ]);
}
