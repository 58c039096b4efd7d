import { Controller, Inject } from '@nestjs/common';
import { z } from 'zod';
import { enforce, schoolAccess } from '@roster/authz';
import { sectionPageSchema as internalSectionPage, sectionSchema as internalSection } from '@roster/internal-api';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { apiSchemas, cursor, idParams, limit, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const sectionSchema = internalSection;
apiSchemas.add(sectionSchema, { id: 'Section', description: 'A Clever section of the school: a filter and a source of suggestions, never a class.' });

export const sectionsQuery = z
  .object({
    mine: z.enum(['true', 'false']).optional().describe('`true`: only the sections the caller teaches (default `false`: all, the caller\'s first)'),
    cursor,
    limit,
  })
  .strict();

export const listSections = defineEndpoint({
  method: 'GET',
  path: '/schools/{id}/sections',
  operationId: 'listSchoolSections',
  tag: 'Students',
  summary: 'The school\'s Clever sections with student counts, the caller\'s own first',
  description:
    'Staff of the school. Sections only filter and suggest: no class or enrollment is ever made from one. `studentCount` counts the ' +
    'section\'s active students known to Roster; `availableCount` those of them in none of the school\'s classes.',
  params: idParams,
  query: sectionsQuery,
  response: pageSchema(sectionSchema),
  errors: [404],
});

@Controller()
export class SectionsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listSections)
  async list(@Input() input: InputOf<typeof listSections>, @Auth() { principal }: AuthContext) {
    // A district admin's school is checked by classes (404 for another district's school).
    enforce(schoolAccess(principal, { schoolId: input.params.id }));
    return this.upstreams.classes.get(asUser(principal), path`/schools/${input.params.id}/sections`, internalSectionPage, input.query);
  }
}
