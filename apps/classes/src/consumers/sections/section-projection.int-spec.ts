import { randomUUID } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '@roster/authz';
import { Events, buildEnvelope, type Envelope } from '@roster/contracts';
import { classesApi } from '@roster/internal-api';
import { sql } from '@roster/persistence';
import { ClassesHarness, DistrictFixture, SECRET, principalOf } from '../../testing/classes-harness';
import { SECTIONS_GROUP_ID } from './sections.consumer';

/**
 * The `classes.sections` projection through real Kafka and PostgreSQL, in the orders the pipeline cannot
 * promise: a section naming a student whose account has not arrived yet, and section events delivered out
 * of version order (an older upsert after a newer one, an upsert after the removal).
 */
describe('section projection (classes.sections)', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const north = d.school('North');
  const teacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const early = d.account(['student'], [{ schoolId: north.schoolId }]);
  const late = d.account(['student'], [{ schoolId: north.schoolId }]);
  const cleverSectionId = `sec-${randomUUID()}`;

  const sectionEvent = (version: number, name: string): Envelope =>
    buildEnvelope(Events.sectionUpserted, {
      id: randomUUID(),
      source: 'clever-ingestion',
      subject: cleverSectionId,
      districtId: d.cleverDistrictId,
      version,
      data: {
        cleverSectionId,
        cleverDistrictId: d.cleverDistrictId,
        cleverSchoolId: north.cleverSchoolId,
        name,
        subject: 'reading',
        teacherIds: [teacher.cleverUserId],
        studentIds: [early.cleverUserId, late.cleverUserId],
      },
    });
  const removedEvent = (version: number): Envelope =>
    buildEnvelope(Events.sectionRemoved, {
      id: randomUUID(),
      source: 'clever-ingestion',
      subject: cleverSectionId,
      districtId: d.cleverDistrictId,
      version,
      data: { cleverSectionId, cleverDistrictId: d.cleverDistrictId, reason: 'unshared' },
    });
  /** The school's sections as the teacher gets them, checked against the route's contract. */
  const sections = async () => {
    // Called directly: the harness's `api` knows the contracts of the routes it was written with.
    const res = await fetch(`${h.base}/internal/v1/schools/${north.schoolId}/sections`, {
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: principalOf(teacher) }, 'classes', SECRET) },
    });
    expect(res.status).toBe(200);
    return classesApi.sectionPage.parse(await res.json()).data as Record<string, any>[];
  };

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_sections');
    await h.deliver([d.schoolEvent(north)]);
    await h.deliver([d.accountEvent('created', teacher), d.accountEvent('created', early)]);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('counts the students known so far, and resolves a student when their account arrives later', async () => {
    await h.deliver([sectionEvent(2, 'Reading - 3')], SECTIONS_GROUP_ID);
    const [first] = await sections();
    expect(first).toMatchObject({ name: 'Reading - 3', subject: 'reading', teacherIds: [teacher.accountId], studentCount: 1, availableCount: 1, mine: true });
    await h.deliver([d.accountEvent('created', late)]);
    const [after] = await sections();
    expect({ studentCount: after.studentCount, availableCount: after.availableCount }).toEqual({ studentCount: 2, availableCount: 2 });
    const listed = await h.api('GET', `/schools/${north.schoolId}/available-students?sectionId=${after.id}`, principalOf(teacher));
    expect(listed.body.data.map((s: { id: string }) => s.id).sort()).toEqual([early.accountId, late.accountId].sort());
  });

  it('ignores an older upsert, keeps a removal against an older upsert, and takes a newer reshare', async () => {
    await h.deliver([sectionEvent(1, 'Stale name')], SECTIONS_GROUP_ID);
    expect((await sections()).map((s) => s.name)).toEqual(['Reading - 3']);
    const id = (await sections())[0].id as string;

    await h.deliver([removedEvent(3)], SECTIONS_GROUP_ID);
    expect(await sections()).toEqual([]);
    const gone = await h.api('GET', `/schools/${north.schoolId}/available-students?sectionId=${id}`, principalOf(teacher));
    expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'CLASSES.SECTION_NOT_FOUND' });
    await h.deliver([sectionEvent(2, 'Reading - 3')], SECTIONS_GROUP_ID);
    expect(await sections()).toEqual([]);

    await h.deliver([sectionEvent(4, 'Reading - 3 (again)')], SECTIONS_GROUP_ID);
    expect((await sections()).map((s) => ({ id: s.id, name: s.name, studentCount: s.studentCount }))).toEqual([{ id, name: 'Reading - 3 (again)', studentCount: 2 }]);
  });

  it('never writes a class, an enrollment or a classes event', async () => {
    const [counts] = await h.rows<{ classes: number; enrollments: number; events: number }>(
      sql`select (select count(*) from class)::int as classes, (select count(*) from enrollment)::int as enrollments,
                 (select count(*) from outbox_message)::int as events`,
    );
    expect(counts).toEqual({ classes: 0, enrollments: 0, events: 0 });
  });
});
