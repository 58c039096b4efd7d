import { Controller, Inject } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { enforce, schoolAccess } from '@roster/authz';
import { availableStudentPageSchema } from '@roster/internal-api';
import { asUser } from '../../api/helpers';
import { availableStudentSchema, availableStudentsQuery, id, idParams, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

/** The list's filters, and one of the school's Clever sections (`GET /schools/{id}/sections`). */
export const availableStudentsWithSectionQuery = availableStudentsQuery.extend({
  sectionId: z
    .union([z.literal('mine'), id])
    .optional()
    .describe('only the students of this Clever section of the school (another school\'s section: 404 CLASSES.SECTION_NOT_FOUND); `mine`: of every section the caller teaches there'),
});

export const listAvailableStudents = defineEndpoint({
  method: 'GET',
  path: '/schools/{id}/available-students',
  operationId: 'listAvailableStudents',
  tag: 'Students',
  summary: 'Active students of a school, to build classes from, with their latest placement',
  description:
    'Staff of the school. Sorted by last name, first name. `placement=none` lists students without a placement; `sectionId` keeps the ' +
    'students of one of the school\'s Clever sections (the filters combine).',
  params: idParams,
  query: availableStudentsWithSectionQuery,
  response: pageSchema(availableStudentSchema),
  errors: [404],
});

@Controller()
export class AvailableStudentsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listAvailableStudents)
  async list(@Input() input: InputOf<typeof listAvailableStudents>, @Auth() { principal }: AuthContext) {
    // A district admin's school is checked by classes (404 for another district's school).
    enforce(schoolAccess(principal, { schoolId: input.params.id }));
    return this.upstreams.classes.get(asUser(principal), path`/schools/${input.params.id}/available-students`, availableStudentPageSchema, input.query);
  }
}
