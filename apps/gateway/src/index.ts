export { createGatewayService, defaultUiDir, type GatewayService } from './service';
export { gatewayEnvSchema, optionsFromEnv, type GatewayServiceOptions, type GatewayEnv } from './config';
export { buildOpenApiDocument } from './api/openapi';
export { apiControllers } from './controllers';
export { SESSION_COOKIE } from './gateway-config';
