import { ApiClient } from '../support/api-client';

export interface SandboxCounts {
  districtAdmins: number;
  staff: number;
  teachers: number;
  students: number;
  accounts: number;
}

/** What the sandbox shares, from its admin API (the expected numbers of the scenario). */
export async function sandboxCounts(sandboxUrl: string): Promise<SandboxCounts> {
  const districts = (await (await fetch(`${sandboxUrl}/__sandbox/districts`)).json()) as { data?: { id: string }[] } | { id: string }[];
  const list = Array.isArray(districts) ? districts : (districts.data ?? []);
  return (await (await fetch(`${sandboxUrl}/__sandbox/districts/${list[0].id}/counts`)).json()) as SandboxCounts;
}

/** Waits until identity holds as many accounts as the sandbox shares (the first sync is asynchronous). */
export async function waitForAccounts(api: ApiClient, expected: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await api.all('/accounts?status=active');
    if (all.length >= expected) return;
    if (Date.now() > deadline) throw new Error(`only ${all.length} of ${expected} accounts after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Issue 7's scenario through the public API, as a district admin: every shared admin, teacher and student
 * has an account; there are no classes; the available students are exactly the shared students; then a
 * class is created and a student enrolled. Returns the class id, to check it survives a restart.
 */
export async function runProductScenario(baseUrl: string, sandboxUrl: string): Promise<{ classId: string; studentId: string }> {
  const api = new ApiClient(baseUrl);
  const counts = await sandboxCounts(sandboxUrl);
  await api.signInAs('district_admin');
  await waitForAccounts(api, counts.accounts);

  const byRole = async (role: string) => (await api.all(`/accounts?role=${role}&status=active`)).length;
  expect({
    district_admin: await byRole('district_admin'),
    school_admin: await byRole('school_admin'),
    teacher: await byRole('teacher'),
    student: await byRole('student'),
    all: (await api.all('/accounts?status=active')).length,
  }).toEqual({ district_admin: counts.districtAdmins, school_admin: counts.staff, teacher: counts.teachers, student: counts.students, all: counts.accounts });

  expect((await api.get('/classes')).data).toEqual([]);

  const students = await api.all<{ id: string }>('/accounts?role=student&status=active');
  const schools = await api.all<{ id: string }>('/schools');
  const available = new Set<string>();
  for (const school of schools) {
    for (const s of await api.all<{ id: string }>(`/schools/${school.id}/available-students`)) available.add(s.id);
  }
  expect([...available].sort()).toEqual(students.map((s) => s.id).sort());

  const school = schools[0];
  const [student] = await api.all<{ id: string }>(`/schools/${school.id}/available-students`);
  const courses = await api.get<{ data: { id: string }[] }>('/courses');
  const created = await api.request<{ id: string }>('POST', '/classes', { schoolId: school.id, name: 'Reading group A', courseId: courses.data[0].id });
  expect(created.status).toBe(201);
  const placement = await api.request('POST', '/placements', { studentId: student.id, recommendedCourseId: courses.data[0].id, testedOn: '2026-09-15' });
  expect(placement.status).toBe(201);
  const enrolled = await api.request<{ results: { studentId: string; outcome: string }[] }>('POST', `/classes/${created.body.id}/enrollments`, { studentIds: [student.id] });
  expect(enrolled.status).toBe(200);
  expect(enrolled.body.results).toEqual([expect.objectContaining({ studentId: student.id, outcome: 'enrolled' })]);
  const roster = await api.all<{ studentId: string }>(`/classes/${created.body.id}/enrollments`);
  expect(roster.map((e) => e.studentId)).toEqual([student.id]);
  const stillAvailable = await api.all<{ id: string }>(`/schools/${school.id}/available-students`);
  expect(stillAvailable.map((s) => s.id)).not.toContain(student.id);
  return { classId: created.body.id, studentId: student.id };
}

/**
 * The leaver rule end to end: the student is unshared in Clever (the sandbox emits `users.deleted`); the
 * events poll reaches ingestion → identity archives the account → classes ends the enrollment with
 * `student_archived`. Checked through the public API.
 */
export async function unshareStudentAndExpectArchived(baseUrl: string, sandboxUrl: string, classId: string, studentId: string): Promise<void> {
  const api = new ApiClient(baseUrl);
  await api.signInAs('district_admin');
  const student = await api.get<{ cleverId: string }>(`/accounts/${studentId}`);
  const districts = (await (await fetch(`${sandboxUrl}/__sandbox/districts`)).json()) as { data?: { id: string }[] } | { id: string }[];
  const district = (Array.isArray(districts) ? districts : (districts.data ?? []))[0];
  const res = await fetch(`${sandboxUrl}/__sandbox/districts/${district.id}/users/${student.cleverId}/unshare`, { method: 'POST' });
  expect(res.ok).toBe(true);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ended = await api.all<{ studentId: string; status: string; endReason?: string }>(`/classes/${classId}/enrollments?status=ended`);
    const account = await api.get<{ status: string }>(`/accounts/${studentId}`);
    if (ended.some((e) => e.studentId === studentId) && account.status === 'archived') {
      expect(ended.find((e) => e.studentId === studentId)).toMatchObject({ status: 'ended', endReason: 'student_archived' });
      break;
    }
    if (Date.now() > deadline) throw new Error(`enrollment not ended after unshare: ${JSON.stringify(ended)} account ${account.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(await api.all(`/classes/${classId}/enrollments`)).toEqual([]);
}
