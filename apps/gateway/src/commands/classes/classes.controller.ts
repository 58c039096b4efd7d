import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { enforce, schoolAccess } from '@roster/authz';
import { asUser } from '../../api/helpers';
import { classSchema, createClassBody, idParams, noQuery, updateClassBody } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const createClass = defineEndpoint({
  method: 'POST',
  path: '/classes',
  operationId: 'createClass',
  tag: 'Classes',
  summary: 'Create a class in a school (a teacher creating it becomes one of its teachers)',
  description: 'District admins, admins of the school, or teachers of the school. A school the caller cannot see is 404.',
  query: noQuery,
  body: createClassBody,
  status: 201,
  response: classSchema,
  errors: [403, 404, 409],
});

export const updateClass = defineEndpoint({
  method: 'PATCH',
  path: '/classes/{id}',
  operationId: 'updateClass',
  tag: 'Classes',
  summary: 'Rename a class, set or clear its course, add or remove teachers',
  description: 'Admins in scope or a teacher of the class.',
  params: idParams,
  query: noQuery,
  body: updateClassBody,
  response: classSchema,
  errors: [403, 404, 409],
});

export const archiveClass = defineEndpoint({
  method: 'POST',
  path: '/classes/{id}/archive',
  operationId: 'archiveClass',
  tag: 'Classes',
  summary: 'Archive a class (its active enrollments end with reason class_archived)',
  params: idParams,
  query: noQuery,
  response: classSchema,
  errors: [403, 404],
});

@Controller()
export class ClassesCommandController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(createClass)
  async create(@Input() input: InputOf<typeof createClass>, @Auth() { principal }: AuthContext) {
    // A district admin's school is checked by classes (404 for another district's school).
    enforce(schoolAccess(principal, { schoolId: input.body.schoolId }));
    return this.upstreams.classes.call(asUser(principal), 'POST', path`/classes`, classSchema, { body: input.body });
  }

  @Endpoint(updateClass)
  async update(@Input() input: InputOf<typeof updateClass>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.call(asUser(principal), 'PATCH', path`/classes/${input.params.id}`, classSchema, { body: input.body });
  }

  @Endpoint(archiveClass)
  async archive(@Input() input: InputOf<typeof archiveClass>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.call(asUser(principal), 'POST', path`/classes/${input.params.id}/archive`, classSchema);
  }
}
