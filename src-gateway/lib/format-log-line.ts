/** pino's numeric levels, as a person reads them. */
const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every line has, shown in the prefix rather than repeated as key=value. */
const framing = new Set(['level', 'time', 'msg', 'err']);

/**
 * One pino JSON line as a person reads it in a terminal:
 * `12:03:04 WARN  Could not refresh the model catalog (…) keyId=k1`.
 * The error's message follows on the same line; its stack only for errors
 * (level ≥ 50, real bugs) and at debug level, indented below.
 */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof record.level === 'number' ? record.level : 30;
  const time = typeof record.time === 'number' ? new Date(record.time) : new Date();
  const clock = time.toTimeString().slice(0, 8);
  const parts = [clock, levelNames[level] ?? String(level), String(record.msg ?? '')];
  for (const [name, value] of Object.entries(record)) {
    if (framing.has(name) || value === undefined) continue;
    parts.push(`${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const error = record.err as { message?: string; stack?: string } | undefined;
  if (error?.message) parts.push(`(${error.message})`);
  let text = parts.join(' ');
  if (error?.stack && (level >= 50 || level <= 20)) {
    text += `\n${error.stack
      .split('\n')
      .slice(1)
      .map((frame) => `    ${frame.trim()}`)
      .join('\n')}`;
  }
  return `${text}\n`;
}
