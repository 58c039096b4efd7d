import { Inject, Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemError } from '@roster/problems';
import { INTERNAL_TOKEN_HEADER, TokenError, verifyInternalToken, type Caller } from '@roster/authz';


export const INTERNAL_AUTH_OPTIONS = Symbol('INTERNAL_AUTH_OPTIONS');
export interface InternalAuthOptions {
  /** This service's name: tokens for another audience are refused. */
  audience: string;
  secret: string;
}

interface WithCaller {
  headers: Record<string, string | string[] | undefined>;
  caller?: Caller;
}

/** Accepts only requests carrying a valid internal token for this service; puts the caller on the request. */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  constructor(@Inject(INTERNAL_AUTH_OPTIONS) private readonly options: InternalAuthOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WithCaller>();
    const raw = req.headers[INTERNAL_TOKEN_HEADER];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (!token) throw new ProblemError(401, 'INTERNAL_TOKEN_MISSING', 'Internal token required');
    try {
      req.caller = verifyInternalToken(token, this.options.audience, this.options.secret);
    } catch (error) {
      const reason = error instanceof TokenError ? error.reason : 'MALFORMED';
      throw new ProblemError(401, `INTERNAL_TOKEN_${reason}`, 'Internal token rejected');
    }
    return true;
  }
}

/** Controller parameter: the verified caller of this request. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<WithCaller>().caller;
  if (!caller) throw new ProblemError(401, 'INTERNAL_TOKEN_MISSING', 'Internal token required');
  return caller;
});
