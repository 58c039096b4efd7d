import { z } from 'zod';
import { refusedProductionSecrets } from '@roster/authz';
import { createLogger, DEFAULT_MANAGEMENT_PORT, type Logger } from '@roster/observability';
import { KafkaMessageBus, kafkaConfigFromEnv, parseProcessRoles, topicPrefixFromEnv, type MessageBus, type ProcessRole } from '@roster/messaging';
import type { HostedService } from './service-host';

const commonEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** /health/live, /health/ready and /metrics: on this port only, never on PORT (0: a free port). */
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_MANAGEMENT_PORT),
  PROCESS_ROLES: z.string().optional(),
});

export interface MainContext {
  bus: MessageBus;
  logger: Logger;
  roles: Set<ProcessRole>;
  env: NodeJS.ProcessEnv;
}

/**
 * The production entry point of a service (distributed mode and Kubernetes): Kafka from the
 * environment, HTTP on PORT, health and metrics on MANAGEMENT_PORT (default 9000), and a graceful shutdown on SIGTERM/SIGINT that drains consumers and
 * the outbox relay before exiting. Configuration errors exit with code 2 and a clear message.
 */
export async function runServiceMain(name: string, create: (ctx: MainContext) => Promise<HostedService>): Promise<void> {
  const logger = createLogger(name);
  let service: HostedService | undefined;
  let bus: MessageBus | undefined;
  try {
    const env = commonEnv.parse(process.env);
    const roles = parseProcessRoles(env.PROCESS_ROLES);
    bus = new KafkaMessageBus(kafkaConfigFromEnv(name), logger, topicPrefixFromEnv());
    service = await create({ bus, logger, roles, env: process.env });
    if (env.MANAGEMENT_PORT !== 0 && env.MANAGEMENT_PORT === env.PORT) throw new Error('MANAGEMENT_PORT must differ from PORT');
    const url = await service.listen(env.PORT, env.HOST, { port: env.MANAGEMENT_PORT });
    logger.info({ url, managementUrl: service.managementUrl, roles: [...roles] }, `${name} started`);
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    logger.fatal({ err: { message } }, `${name} failed to start`);
    await service?.close().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    process.exit(2);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} shutting down`);
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await service?.close().catch((e) => logger.error({ err: e }, 'close failed'));
    await bus?.close().catch(() => undefined);
    logger.info({}, `${name} stopped`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Roster's own secrets: with NODE_ENV=production, a published default or a placeholder stops the process. */
const OWN_SECRETS = ['INTERNAL_AUTH_SECRET', 'SESSION_SECRET'] as const;

/**
 * Parses a service's own environment with its zod schema, or throws a ZodError naming every problem. With
 * NODE_ENV=production it also refuses secrets anyone can read (a default shipped in a file, a placeholder).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.parse(env);
  const refused = refusedProductionSecrets(env, OWN_SECRETS);
  if (refused.length > 0) {
    throw new z.ZodError(refused.map((problem) => ({ code: 'custom' as const, path: [problem.split(':')[0]], message: `${problem}; set a random secret of at least 32 characters`, input: undefined })));
  }
  return parsed;
}
