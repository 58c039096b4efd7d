import { z } from 'zod';
import { createLogger } from '@roster/observability';
import { parseEnv } from '@roster/http';
import { gatewayEnvSchema, optionsFromEnv } from './config';
import { createGatewayService, type GatewayService } from './service';

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
    service = await createGatewayService(optionsFromEnv(env, logger));
    const url = await service.listen(env.PORT, env.HOST);
    logger.info({ url, authMode: env.AUTH_MODE, clever: !!env.CLEVER_CLIENT_ID }, 'gateway started');
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
