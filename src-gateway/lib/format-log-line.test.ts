import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function captured(level = 'info'): { logger: ReturnType<typeof createLogger>; text(): string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger({ level, destination, format: 'pretty' }), text: () => text };
}

describe('the pretty log format (a terminal)', () => {
  it('prints one readable line per record: time, level, message, fields', () => {
    const log = captured();
    log.logger.warn({ keyId: 'k1', count: 3 }, 'virtual key budget exhausted');
    expect(log.text()).toMatch(/^\d\d:\d\d:\d\d WARN {2}virtual key budget exhausted keyId=k1 count=3\n$/);
  });

  it('keeps an expected failure to one line (its message, no stack) and shows the stack of a real bug', () => {
    const log = captured();
    log.logger.warn({ err: new Error('getaddrinfo ENOTFOUND example.com') }, 'catalog refresh failed');
    expect(log.text().trim().split('\n')).toHaveLength(1);
    expect(log.text()).toContain('(getaddrinfo ENOTFOUND example.com)');
    log.logger.error({ err: new TypeError('x is undefined') }, 'request failed');
    expect(log.text()).toMatch(/ERROR request failed \(x is undefined\)\n {4}at /);
  });

  it('still redacts secrets and scrubs credentials in URLs', () => {
    const log = captured();
    log.logger.info({ apiKey: 'sk-secret-value', proxy: 'http://user:hunter2@proxy:8080' }, 'configured');
    expect(log.text()).not.toContain('sk-secret-value');
    expect(log.text()).not.toContain('hunter2');
    expect(log.text()).toContain('apiKey=[redacted]');
  });
});
