import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DocsController, OPENAPI_DOCUMENT } from './api/docs.controller';
import { CLEVER_SSO, type CleverSso } from './auth/clever-sso';
import { GatewayAuthGuard } from './auth/gateway-auth.guard';
import { PrincipalResolver } from './auth/principal-resolver';
import { RateLimits } from './auth/rate-limits';
import { SessionRevocations } from './auth/session-revocations';
import { apiControllers } from './controllers';
import { SessionTokens } from './domain/session-tokens';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway-config';
import { UPSTREAMS, type Upstreams } from './upstream/service-client';

export interface GatewayModuleDeps {
  config: GatewayConfig;
  upstreams: Upstreams;
  tokens: SessionTokens;
  resolver: PrincipalResolver;
  limits: RateLimits;
  clever: CleverSso | null;
  openapi: Record<string, unknown>;
}

@Module({})
export class GatewayModule {
  static forRoot(deps: GatewayModuleDeps): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [...apiControllers, DocsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: UPSTREAMS, useValue: deps.upstreams },
        { provide: SessionTokens, useValue: deps.tokens },
        { provide: PrincipalResolver, useValue: deps.resolver },
        { provide: RateLimits, useValue: deps.limits },
        // Revocations are cached no longer than principals (and never more than 5 s).
        { provide: SessionRevocations, useValue: new SessionRevocations(deps.upstreams.identity, deps.resolver.ttlMs) },
        { provide: CLEVER_SSO, useValue: deps.clever },
        { provide: OPENAPI_DOCUMENT, useValue: deps.openapi },
        { provide: APP_GUARD, useClass: GatewayAuthGuard },
      ],
    };
  }
}
