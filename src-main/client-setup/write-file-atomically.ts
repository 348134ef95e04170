import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `content` (a string as UTF-8) to `filePath` so that a reader sees the old file or the new
 * one, never half of one: a temp file beside it, flushed to disk, renamed
 * over it. `mode` is set explicitly (the umask would take bits away).
 */
export async function writeFileAtomically(
  filePath: string,
  content: string | Buffer,
  mode: number,
): Promise<void> {
  const temporary = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.llm-gateway-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, mode);
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
