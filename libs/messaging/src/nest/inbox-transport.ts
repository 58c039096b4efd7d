import { Catch, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { BaseRpcContext, EventPattern, Server, type CustomTransportStrategy, type MessageHandler, type MicroserviceOptions, type NestMicroservice } from '@nestjs/microservices';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import type { Envelope } from '@roster/contracts';
import type { BatchContext, ConsumerHandle, IncomingMessage, MessageBus } from '../bus';
import { InboxConsumer, type DeadLetterInfo, type InboxMessageMeta } from '../inbox/inbox-consumer';
import { backoffMs, errorInfo, silentLogger, sleep, whileHeartbeating, type MessagingLogger } from '../logger';
import { messagingMetrics, type MessagingMetrics } from '../metrics';

/** Per-group tuning: declared beside the handler, overridable per service (hostService `consumerTuning`). */
export interface ConsumerTuning {
  /** Attempts before a failing message is dead-lettered (counted in the database; default 5). */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts (default 200 ms). */
  retryBaseMs?: number;
  /** Largest batch applied in one transaction (default 500). */
  maxBatchSize?: number;
  /** Partitions processed at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

/**
 * What a consumer declares as the `extras` of its `@EventPattern(groupId, { ... })`. The pattern itself is
 * the EXACT consumer group id (no suffix is added).
 */
export interface ConsumerGroupOptions extends ConsumerTuning {
  topics: string[];
  /** Parses a message value; default: the contracts registry (`parseEnvelope`). Inbox mode only. */
  parse?: (value: string) => Envelope;
  /**
   * `true` (default): effectively-once through the inbox — the handler gets the NEW envelopes of a batch
   * (duplicates removed) with an `InboxContext`, inside the inbox transaction; poison messages go to the DLQ.
   * `false`: the handler gets the raw `IncomingMessage[]` of one partition with a `BusBatchContext`; returning
   * resolves the whole batch, throwing redelivers it after a backoff (no inbox, no DLQ, no transaction).
   */
  inbox?: boolean;
}

/** The pattern of a group's dead-letter hook (see `DeadLetters`). */
export function deadLetterPattern(groupId: string): string {
  return `${groupId}#dead-letter`;
}
const DEAD_LETTER_SUFFIX = '#dead-letter';

/**
 * Declares a consumer: `@EventPattern(groupId, options)` with typed options. The pattern is the EXACT
 * consumer group id. (Nest 12's typed `EventPattern(topic, extras)` overload types the handler's other
 * parameters as `unknown`, so a typed `@Ctx() ctx: InboxContext` does not compile with it; this is the
 * same decorator through its untyped overload.)
 *
 * ```ts
 * @ConsumerGroup('classes.identity', { topics: [Topics.identityAccounts.name] })
 * apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext) { return this.handler.execute(ctx.em, events, ctx.meta); }
 * ```
 */
export function ConsumerGroup(groupId: string, options: ConsumerGroupOptions): MethodDecorator {
  return EventPattern<string>(groupId, options as unknown as Record<string, unknown>);
}

/**
 * Declares the dead-letter hook of a consumer group: called with a `DeadLetterInfo` (`@Payload()`) after a
 * message of the group went to its `.dlq` (e.g. to queue a resync). A failing hook is logged, not retried.
 */
export function DeadLetters(groupId: string): MethodDecorator {
  return EventPattern<string>(deadLetterPattern(groupId));
}

/**
 * The context of an inbox handler (`@Ctx() ctx: InboxContext`): the transactional entity manager of the
 * inbox transaction (write the effect AND the outbox rows through it), per-message meta in the order of
 * the events, and the consumer group id.
 */
export class InboxContext extends BaseRpcContext<[EntityManager, InboxMessageMeta[], string]> {
  get em(): EntityManager {
    return this.args[0];
  }
  get meta(): InboxMessageMeta[] {
    return this.args[1];
  }
  get groupId(): string {
    return this.args[2];
  }
}

/** The context of a non-inbox handler (`inbox: false`): one partition's batch. */
export class BusBatchContext extends BaseRpcContext<[BatchContext, string, string, number]> {
  get batch(): BatchContext {
    return this.args[0];
  }
  get groupId(): string {
    return this.args[1];
  }
  get topic(): string {
    return this.args[2];
  }
  get partition(): number {
    return this.args[3];
  }
}

/** The context of a dead-letter hook. */
export class DeadLetterContext extends BaseRpcContext<[string]> {
  get groupId(): string {
    return this.args[0];
  }
}

/**
 * Hands a handler's own error back to the transport unchanged. Nest's default RPC filter replaces any
 * non-`RpcException` with `{ status: 'error', message: 'Internal server error' }`; the inbox needs the real
 * error (its `code` and message go to `inbox_attempt` and the DLQ headers).
 */
@Catch()
export class ConsumerErrorFilter implements ExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

export interface InboxTransportOptions {
  orm: MikroORM;
  bus: MessageBus;
  /** Applied over what every group declares (service-level tuning, e.g. tests shortening retries). */
  tuning?: ConsumerTuning;
  /** Runs each message batch inside e.g. a correlation context taken from the headers. */
  wrap?: <T>(message: IncomingMessage, fn: () => Promise<T>) => Promise<T>;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

interface Group {
  groupId: string;
  options: ConsumerGroupOptions;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const definedOnly = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * A `@nestjs/microservices` custom transport over `MessageBus` (Kafka or the in-process bus): every
 * `@EventPattern(groupId, { topics, ... })` handler of the app becomes one consumer group, consumed with
 * `eachBatch`, manual offsets and — by default — the inbox (`InboxConsumer`: dedupe, attempts in the
 * database, DLQ with headers). The handler gets the whole NEW batch and an `InboxContext`.
 */
export class InboxTransport extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private groups: Group[] = [];
  private listening = false;
  private closed = false;
  /** Groups that have joined (started); the rest are still joining. */
  private readonly joined = new Set<Group>();
  private joining: Promise<void> | undefined;
  private readonly log: MessagingLogger;
  private readonly meters: MessagingMetrics;

  constructor(private readonly options: InboxTransportOptions) {
    super();
    this.log = options.logger ?? silentLogger;
    this.meters = options.metrics ?? messagingMetrics();
  }

  /** The consumer groups found on the app's handlers (after `listen`). */
  get groupIds(): string[] {
    return this.groups.map((g) => g.groupId);
  }

  /** The inbox consumers (after `listen`), e.g. for tests that drive `processBatch`. */
  readonly consumers = new Map<string, InboxConsumer>();

  /**
   * Finds the handlers and starts one consumer group per handler. On Kafka the joins run in the
   * background: joining can take a session timeout (a restarted replica waits for its dead predecessor's
   * session to expire), and the service must serve HTTP meanwhile, its readiness saying not-ready
   * (`pendingGroups`) until every group has joined. The in-process bus joins at once; it is awaited, so the
   * embedded mode's groups exist before its first publish. A wrong handler declaration fails at once.
   */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.closed = false;
      this.groups = this.buildGroups();
    } catch (error) {
      callback(error);
      return;
    }
    this.joining = Promise.all(this.groups.map((group) => this.startGroup(group))).then(() => {
      if (!this.closed) this.listening = true;
    });
    if (this.options.bus.kind === 'in-process') await this.joining;
    callback();
  }

  /** Starts one group, retrying with backoff until it joins or the transport closes. */
  private async startGroup(group: Group): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        await group.start();
        if (this.closed) {
          await group.stop();
          return;
        }
        this.joined.add(group);
        this.log.info({ groupId: group.groupId, topics: group.options.topics }, 'consumer group joined');
        return;
      } catch (error) {
        this.log.error({ groupId: group.groupId, attempt, err: errorInfo(error) }, 'consumer group failed to start; retrying');
        await group.stop().catch(() => undefined);
        await sleep(backoffMs(attempt, 500, 30_000));
      }
    }
  }

  /** The consumer groups that have not joined yet (readiness: not ready while any is joining). */
  get pendingGroups(): string[] {
    return this.groups.filter((g) => !this.joined.has(g)).map((g) => g.groupId);
  }

  /**
   * Stops every group (each finishes its current batch; a Kafka consumer leaves its group, so its partitions
   * move to the other replicas at once instead of after a session timeout). Safe to call twice.
   */
  async close(): Promise<void> {
    this.closed = true;
    const groups = this.groups;
    this.groups = [];
    this.listening = false;
    // A group still joining is stopped by its starter once the join returns; wait a little for it.
    if (this.joining) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.joining, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
    }
    await Promise.allSettled(groups.filter((g) => this.joined.has(g)).map((g) => g.stop()));
    this.joined.clear();
  }

  get isListening(): boolean {
    return this.listening;
  }

  on(): never {
    throw new Error('InboxTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  private buildGroups(): Group[] {
    const groups: Group[] = [];
    for (const [pattern, handler] of this.getHandlers()) {
      if (pattern.endsWith(DEAD_LETTER_SUFFIX)) {
        const groupId = pattern.slice(0, -DEAD_LETTER_SUFFIX.length);
        if (!this.getHandlerByPattern(groupId)) throw new Error(`dead-letter hook for unknown consumer group '${groupId}'`);
        continue;
      }
      if (!handler.isEventHandler) throw new Error(`consumer group '${pattern}': use @EventPattern, not @MessagePattern`);
      if (handler.next) throw new Error(`consumer group '${pattern}' has more than one handler`);
      const options = this.groupOptions(pattern, handler);
      groups.push(options.inbox === false ? this.rawGroup(pattern, handler, options) : this.inboxGroup(pattern, handler, options));
    }
    return groups;
  }

  private groupOptions(groupId: string, handler: MessageHandler): ConsumerGroupOptions {
    const extras = (handler.extras ?? {}) as Partial<ConsumerGroupOptions>;
    if (!Array.isArray(extras.topics) || extras.topics.length === 0 || !extras.topics.every((t) => typeof t === 'string' && t.length > 0)) {
      throw new Error(`consumer group '${groupId}': @EventPattern('${groupId}', { topics: [...] }) needs a non-empty list of topics`);
    }
    return { ...(extras as ConsumerGroupOptions), ...definedOnly(this.options.tuning) };
  }

  private inboxGroup(groupId: string, handler: MessageHandler, options: ConsumerGroupOptions): Group {
    const consumer = new InboxConsumer({
      orm: this.options.orm,
      bus: this.options.bus,
      groupId,
      topics: options.topics,
      maxAttempts: options.maxAttempts,
      retryBaseMs: options.retryBaseMs,
      maxBatchSize: options.maxBatchSize,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      parse: options.parse,
      wrap: this.options.wrap,
      logger: this.log,
      metrics: this.meters,
      handle: (em, events, meta) => this.invoke(handler, events, new InboxContext([em, meta, groupId])),
      onDeadLetter: this.getHandlerByPattern(deadLetterPattern(groupId))
        ? (info: DeadLetterInfo) => this.invoke(this.getHandlerByPattern(deadLetterPattern(groupId))!, info, new DeadLetterContext([groupId]))
        : undefined,
    });
    this.consumers.set(groupId, consumer);
    return { groupId, options, start: () => consumer.start(), stop: () => consumer.stop() };
  }

  private rawGroup(groupId: string, handler: MessageHandler, options: ConsumerGroupOptions): Group {
    let handle: ConsumerHandle | undefined;
    return {
      groupId,
      options,
      start: async () => {
        handle = await this.options.bus.consume({
          groupId,
          topics: options.topics,
          fromBeginning: true,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
          handleBatch: async (messages, batch) => {
            const first = messages[0];
            const run = () => this.invoke(handler, messages, new BusBatchContext([batch, groupId, first.topic, first.partition]));
            await whileHeartbeating(() => (this.options.wrap ? this.options.wrap(first, run) : run()), () => batch.heartbeat(), 2_000);
            batch.resolveOffset(messages[messages.length - 1].offset);
          },
        });
      },
      stop: async () => {
        await handle?.stop();
        handle = undefined;
      },
    };
  }

  /** Calls a Nest handler (pipes, interceptors, filters applied) and waits for its result or error. */
  private async invoke(handler: MessageHandler, data: unknown, ctx: BaseRpcContext): Promise<void> {
    try {
      const result: unknown = await handler(data, ctx);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    } catch (error) {
      throw unwrapRpcError(error);
    }
  }
}

/** Without ConsumerErrorFilter, Nest hands back `{ status: 'error', message }`: make it an Error at least. */
function unwrapRpcError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  const e = error as { status?: unknown; message?: unknown };
  if (e.status === 'error' && typeof e.message === 'string') return Object.assign(new Error(e.message), { code: 'CONSUMER_HANDLER_FAILED' });
  return error;
}

/**
 * Connects the transport to a Nest app as a hybrid microservice sharing the app's container (the consumer
 * controllers come from the app's modules). The app's HTTP config (problem+json filter) is NOT inherited:
 * consumers get `ConsumerErrorFilter` instead. Call before `app.init()`; then `app.startAllMicroservices()`.
 */
export function connectInboxTransport(app: INestApplication, transport: InboxTransport): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: false, deferInitialization: true }) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new ConsumerErrorFilter());
  // app.init() runs the lifecycle hooks of the shared container; the microservice must not run them again.
  microservice.setIsInitHookCalled(true);
}
