import { z } from 'zod';
import { accountRole } from '@roster/contracts';
import { principalSchema } from '@roster/authz';
import { accountRoleSchema, sessionPrincipalSchema } from '@roster/internal-api';

/**
 * @roster/internal-api imports only zod, so it restates two shapes other libraries own; these stay equal
 * (a change on one side fails here, not as a 502 in production).
 */
describe('internal contracts restating shared shapes', () => {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output' });

  it('the sign-in principal is @roster/authz\'s principal', () => {
    expect(json(sessionPrincipalSchema)).toEqual(json(principalSchema));
  });

  it('the account roles are @roster/contracts\' roles', () => {
    expect(accountRoleSchema.options).toEqual(accountRole.options);
  });
});
