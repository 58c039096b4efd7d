import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser, ensureSchoolVisible } from '../../api/helpers';
import { classPageSchema, enrollmentPageSchema } from '@roster/internal-api';
import { classSchema, classesQuery, enrollmentSchema, enrollmentsQuery, idParams, noQuery, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listClasses = defineEndpoint({
  method: 'GET',
  path: '/classes',
  operationId: 'listClasses',
  tag: 'Classes',
  summary: 'Classes in scope: district admins all, school admins their schools\', teachers the classes they teach',
  description: 'A `schoolId` the caller cannot see is 404.',
  query: classesQuery,
  response: pageSchema(classSchema),
  errors: [404],
});

export const getClass = defineEndpoint({
  method: 'GET',
  path: '/classes/{id}',
  operationId: 'getClass',
  tag: 'Classes',
  summary: 'One class',
  params: idParams,
  query: noQuery,
  response: classSchema,
  errors: [404],
});

export const listEnrollments = defineEndpoint({
  method: 'GET',
  path: '/classes/{id}/enrollments',
  operationId: 'listEnrollments',
  tag: 'Classes',
  summary: 'Enrollments of a class with the student\'s name and grade (default: active)',
  params: idParams,
  query: enrollmentsQuery,
  response: pageSchema(enrollmentSchema),
  errors: [404],
});

@Controller()
export class ClassesQueryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listClasses)
  async list(@Input() input: InputOf<typeof listClasses>, @Auth() { principal }: AuthContext) {
    if (input.query.schoolId) await ensureSchoolVisible(this.upstreams, principal, input.query.schoolId);
    return this.upstreams.classes.get(asUser(principal), path`/districts/${principal.districtId}/classes`, classPageSchema, input.query);
  }

  @Endpoint(getClass)
  get(@Input() input: InputOf<typeof getClass>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.get(asUser(principal), path`/classes/${input.params.id}`, classSchema);
  }

  @Endpoint(listEnrollments)
  async enrollments(@Input() input: InputOf<typeof listEnrollments>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.get(asUser(principal), path`/classes/${input.params.id}/enrollments`, enrollmentPageSchema, input.query);
  }
}
