import { pino, type Logger, type LoggerOptions } from 'pino';
import { formatLogLine } from './format-log-line.ts';

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

/**
 * Credentials inside text, which path redaction cannot see: the user-info of
 * any URL (`http://user:password@host`, `socks5://…`) and secret-looking query
 * parameters. Error messages and stacks quote URLs verbatim (proxy URLs, a
 * catalog mirror), so every serialized line passes through this.
 */
export function scrubLogLine(line: string): string {
  return line
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"\\]+@/gi, '$1[redacted]@')
    .replace(
      /([?&](?:key|api[_-]?key|token|access[_-]?token|secret|password|sig|signature)=)[^&#\s"\\]+/gi,
      '$1[redacted]',
    );
}

export interface CreateLoggerOptions {
  level?: string;
  destination?: NodeJS.WritableStream;
  /**
   * `json`: one JSON object a line (files, log collectors; the default). `pretty`: one readable
   * line a record, for a person at a terminal (`formatLogLine`).
   */
  format?: 'json' | 'pretty';
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const pretty = options.format === 'pretty';
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: undefined,
    hooks: { streamWrite: pretty ? (line) => formatLogLine(scrubLogLine(line)) : scrubLogLine },
  };
  return options.destination ? pino(pinoOptions, options.destination as never) : pino(pinoOptions);
}

/** A logger that drops everything (tests that do not inspect logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
