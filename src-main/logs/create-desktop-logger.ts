import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '../../src-gateway/lib/logger.ts';

/** Past this size the log is kept as `main.old.log` (one generation) and a new one begins. */
const maxBytes = 10 * 1024 * 1024;

/**
 * The app's log: JSON lines (secrets redacted, as the gateway's) in `<userData>/logs/main.log`,
 * which "Open logs folder" in the tray shows. The folder and the file are the user's only.
 */
export function createDesktopLogger(
  directory: string,
  level = 'info',
): { logger: Logger; file: string; close(): Promise<void> } {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, 'main.log');
  if (existsSync(file) && statSync(file).size > maxBytes)
    renameSync(file, path.join(directory, 'main.old.log'));
  const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  // Work still finishing after the app stopped (a last request, a timer) may log; those lines are
  // dropped instead of failing on a closed file.
  let open = true;
  const destination = {
    write(line: string) {
      if (open) stream.write(line);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return {
    logger: createLogger({ level, destination, format: 'json' }),
    file,
    close() {
      open = false;
      return new Promise((resolve) => stream.end(resolve));
    },
  };
}
