// First, for its effect: re-executes the process with a bounded young generation (libs/runtime).
import '@roster/runtime';
import './tracing';
import { z } from 'zod';
import { createLogger, DEFAULT_MANAGEMENT_PORT } from '@roster/observability';
import { parseEnv } from '@roster/http';
import { gatewayEnvSchema, optionsFromEnv } from './config';
import { createGatewayService, type GatewayService } from './service';

/**
 * The management side of the gateway's environment (the rest is config.ts): MANAGEMENT_PORT serves
 * /health/* and /metrics (never PORT); *_MANAGEMENT_URL are where the upstreams' readiness is asked
 * (default: the upstream's host on port 9000).
 */
const managementEnv = z.object({
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_MANAGEMENT_PORT),
  IDENTITY_MANAGEMENT_URL: z.url().optional(),
  CLASSES_MANAGEMENT_URL: z.url().optional(),
  INGESTION_MANAGEMENT_URL: z.url().optional(),
});

/**
 * The gateway's production entry point. Like runServiceMain (libs/http) but without Kafka: the gateway
 * has no bus. Configuration errors exit with code 2 and every problem named; SIGTERM/SIGINT stop
 * accepting requests (readiness fails first when SHUTDOWN_DELAY_MS is set), finish in-flight ones, exit 0.
 */
async function main(): Promise<void> {
  const logger = createLogger('gateway');
  let service: GatewayService | undefined;
  try {
    const env = parseEnv(gatewayEnvSchema);
    const mgmt = managementEnv.parse(process.env);
    if (mgmt.MANAGEMENT_PORT !== 0 && mgmt.MANAGEMENT_PORT === env.PORT) throw new Error('MANAGEMENT_PORT must differ from PORT');
    service = await createGatewayService({
      ...optionsFromEnv(env, logger),
      upstreamManagementUrls: { identity: mgmt.IDENTITY_MANAGEMENT_URL, classes: mgmt.CLASSES_MANAGEMENT_URL, ingestion: mgmt.INGESTION_MANAGEMENT_URL },
    });
    const url = await service.listen(env.PORT, env.HOST, { port: mgmt.MANAGEMENT_PORT });
    logger.info({ url, managementUrl: service.managementUrl, authMode: env.AUTH_MODE, clever: !!env.CLEVER_CLIENT_ID }, 'gateway started');
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    logger.fatal({ err: { message } }, 'gateway failed to start');
    await service?.close().catch(() => undefined);
    process.exit(2);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gateway shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await service?.close().catch((e: unknown) => logger.error({ err: e }, 'close failed'));
    logger.info({}, 'gateway stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
