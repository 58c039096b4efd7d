import pino, { type DestinationStream, type Level, type LoggerOptions as LoggerConfig, type Logger as PinoLogger } from 'pino';
import { currentCorrelationId } from './correlation';
import { redactDeep, redactEmails } from './redact';

export type Logger = PinoLogger;
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  /** Defaults to LOG_LEVEL, else `info`. `silent` turns logging off. */
  level?: LogLevel | string;
  /** Where JSON lines go; stdout by default (tests pass a stream). */
  destination?: DestinationStream;
}

const levels: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The level to use: the option, else LOG_LEVEL, else `info`; an unknown name fails fast. */
export function resolveLogLevel(level: string | undefined = process.env.LOG_LEVEL): LogLevel {
  const value = (level ?? '').trim().toLowerCase() || 'info';
  if (!levels.includes(value)) {
    throw new Error(`LOG_LEVEL must be one of ${levels.join(', ')} (got "${level}")`);
  }
  return value as LogLevel;
}

/**
 * The JSON logger of a service: one line per entry with `service`, ISO `time`, the level name, the
 * current correlation id (`correlationId`, see runWithCorrelation) and the entry's fields. Names,
 * emails and dates of birth are censored at any depth (see REDACTED_KEYS), in entries and in child
 * bindings alike, and email-shaped text is masked in every string (the message included). A name inside
 * a message string cannot be recognised: never interpolate personal data into `msg`.
 */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const config: LoggerConfig = {
    level: resolveLogLevel(options.level),
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactDeep(bindings),
      log: (entry) => redactDeep(entry),
    },
    // Errors are already serialized (and scrubbed) by redactDeep.
    serializers: { err: (err: unknown) => err },
    hooks: {
      // The message and its printf arguments: no email address, even interpolated by mistake.
      logMethod(args, method) {
        const scrubbed: unknown[] = args.map((a) => (typeof a === 'string' ? redactEmails(a) : a));
        // log.error(err) / log.error({ err }): pino would take the message from err.message unscrubbed.
        if (scrubbed.length === 1 && typeof scrubbed[0] === 'object' && scrubbed[0] !== null) {
          const obj = scrubbed[0] as { err?: unknown; msg?: unknown };
          const err = obj instanceof Error ? obj : obj.err instanceof Error ? obj.err : undefined;
          if (err && obj.msg === undefined) scrubbed.push(redactEmails(err.message));
        }
        return method.apply(this, scrubbed as typeof args);
      },
    },
  };
  const logger = options.destination ? pino(config, options.destination) : pino(config);
  // Pino applies formatters.bindings to the root logger only: scrub child bindings here. Children
  // inherit these methods from the root (their prototype), so grandchildren are covered too.
  const child = logger.child;
  const setBindings = logger.setBindings;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactDeep(bindings), childOptions);
  } as Logger['child'];
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactDeep(bindings));
  };
  return logger;
}
