import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { idParams, mergeAccountBody, mergeResultSchema, noQuery } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const mergeAccount = defineEndpoint({
  method: 'POST',
  path: '/accounts/{id}/merge',
  operationId: 'mergeAccount',
  tag: 'Accounts',
  summary: 'Merge an archived account into the active account of the same person (district admins)',
  description:
    'The archived account (`id`, e.g. an old Clever id) becomes an alias of `intoAccountId`: its placements and enrollment history move to it, ' +
    'enrollments it lost only because it was archived re-open for the target (active classes; never twice), and its Clever id resolves to the ' +
    'target if shared again. Both accounts must be in the caller\'s district (another district\'s account is 404 IDENTITY.ACCOUNT_NOT_FOUND) and ' +
    'role group; 403 ACCESS.DISTRICT_ADMIN_REQUIRED for other staff; 409 IDENTITY.MERGE_SOURCE_ACTIVE, IDENTITY.MERGE_TARGET_ARCHIVED, ' +
    'IDENTITY.MERGE_ROLE_MISMATCH, IDENTITY.MERGE_INTO_ITSELF, IDENTITY.ACCOUNT_ALREADY_MERGED. A repeat is a no-op (`alreadyMerged: true`).',
  params: idParams,
  query: noQuery,
  body: mergeAccountBody,
  response: mergeResultSchema,
  errors: [403, 404, 409],
});

@Controller()
export class MergeAccountController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  /** Identity decides scope and eligibility with both accounts' districts (the gateway knows neither). */
  @Endpoint(mergeAccount)
  merge(@Input() input: InputOf<typeof mergeAccount>, @Auth() { principal }: AuthContext) {
    return this.upstreams.identity.call(asUser(principal), 'POST', path`/accounts/${input.params.id}/merge`, mergeResultSchema, { body: input.body });
  }
}
