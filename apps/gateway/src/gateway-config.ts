import type { Logger } from '@roster/observability';
import type { GatewayServiceOptions } from './config';

/** The resolved settings the gateway's providers and controllers read (injection token GATEWAY_CONFIG). */
export interface GatewayConfig {
  authMode: 'clever' | 'dev';
  clever?: GatewayServiceOptions['clever'];
  /** Normalised, without a trailing slash. */
  publicBaseUrl: string;
  /** Cookies get `Secure` when the public base URL is https. */
  secureCookies: boolean;
  /** Origins whose browser requests may change state (the public origin and CORS origins). */
  allowedOrigins: string[];
  rateLimit: { perMinute: number; anonymousPerMinute: number };
  logger: Logger;
}

export const GATEWAY_CONFIG = Symbol.for('roster.gateway.config');

export const SESSION_COOKIE = 'roster_session';
export const STATE_COOKIE = 'roster_oauth_state';
