import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line. Secrets never reach a log, whatever a
 * caller passes in by mistake.
 */
export const redactedPaths = [
  'apiKey',
  'apiKeys',
  'key',
  'token',
  'password',
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["api-key"]',
  'headers["x-goog-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.apiKey',
  '*.password',
  '*.token',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: undefined,
  };
  return options.destination ? pino(pinoOptions, options.destination as never) : pino(pinoOptions);
}

/** A logger that drops everything (tests that do not inspect logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
