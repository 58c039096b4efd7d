import { Controller } from '@nestjs/common';
import { Auth, Endpoint, defineEndpoint, type AuthContext } from '../../api/endpoint';
import { meSchema, noQuery } from '../../api/schemas';
import { scopeSummary } from '../../domain/scope';

export const getMe = defineEndpoint({
  method: 'GET',
  path: '/me',
  operationId: 'getMe',
  tag: 'Sign-in',
  auth: 'signed-in',
  summary: 'The signed-in account and its scope',
  description: 'Also answers for students (with `scope.adminApi: false`); everything else answers them 403 STUDENT_NO_ACCESS.',
  query: noQuery,
  response: meSchema,
});

@Controller()
export class MeController {
  @Endpoint(getMe)
  me(@Auth() auth: AuthContext) {
    return { account: auth.account, scope: scopeSummary(auth.principal), authenticatedWith: auth.via };
  }
}
