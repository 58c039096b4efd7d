// Compiled (never run) by tools/scripts/api-client.spec.ts under libs/api-client/tsconfig.json: the calls a
// consumer makes must type-check against the generated types — a path, parameter or field renamed in the
// document fails here.
import { createRosterClient, type Problem, type Schemas } from './index';

export async function listEnrolledStudentIds(baseUrl: string, token: string, classId: string): Promise<string[]> {
  const api = createRosterClient({ baseUrl, token });
  const { data, error } = await api.GET('/api/v1/classes/{id}/enrollments', { params: { path: { id: classId }, query: { limit: 500 } } });
  if (error) throw new Error((error as Problem).code);
  return data.data.map((e: Schemas['Enrollment']) => e.studentId);
}

export async function createClass(baseUrl: string, token: string, schoolId: string): Promise<string> {
  const api = createRosterClient({ baseUrl, token });
  const { data, error } = await api.POST('/api/v1/classes', { body: { schoolId, name: 'Group 1' } });
  if (error) throw new Error(error.code);
  return data.id;
}
