import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { enrollBody, enrollResultSchema, enrollmentParams, idParams, noQuery } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const enrollStudents = defineEndpoint({
  method: 'POST',
  path: '/classes/{id}/enrollments',
  operationId: 'enrollStudents',
  tag: 'Classes',
  summary: 'Enroll 1 to 500 students; each gets an outcome (enrolled or rejected with a code) and warnings',
  description:
    'Rejection codes (classes\' own): STUDENT_NOT_FOUND, STUDENT_NOT_ACTIVE, STUDENT_NOT_IN_SCHOOL, ALREADY_ENROLLED, PLACEMENT_REQUIRED; ' +
    'warning COURSE_DIFFERS_FROM_PLACEMENT. `override` (admins only) enrolls despite a missing placement.',
  params: idParams,
  query: noQuery,
  body: enrollBody,
  response: enrollResultSchema,
  errors: [403, 404, 409],
});

export const unenrollStudent = defineEndpoint({
  method: 'DELETE',
  path: '/classes/{id}/enrollments/{studentId}',
  operationId: 'unenrollStudent',
  tag: 'Classes',
  summary: 'End a student\'s active enrollment in a class',
  description: '404 ENROLLMENT_NOT_FOUND when the student is not enrolled.',
  params: enrollmentParams,
  query: noQuery,
  status: 204,
  errors: [404],
});

@Controller()
export class EnrollmentsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(enrollStudents)
  async enroll(@Input() input: InputOf<typeof enrollStudents>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.call(asUser(principal), 'POST', path`/classes/${input.params.id}/enrollments`, enrollResultSchema, { body: input.body });
  }

  @Endpoint(unenrollStudent)
  async unenroll(@Input() input: InputOf<typeof unenrollStudent>, @Auth() { principal }: AuthContext): Promise<void> {
    await this.upstreams.classes.send(asUser(principal), 'DELETE', path`/classes/${input.params.id}/enrollments/${input.params.studentId}`);
  }
}
