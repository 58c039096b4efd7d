export {
  principalSchema,
  hasRole,
  isDistrictAdmin,
  adminSchoolIds,
  staffSchoolIds,
  canAdministerSchool,
  canWorkInSchool,
  isStaff,
  type Principal,
} from './principal';
export { signToken, verifyToken, TokenError, type TokenFailure } from './signed-token';
export { INTERNAL_TOKEN_HEADER, signInternalToken, signOperatorToken, verifyInternalToken, type Caller } from './internal-token';
export * from './policy';
export { refusedProductionSecrets, weakSecretReason } from './secrets';
