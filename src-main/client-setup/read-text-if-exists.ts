import { readFile } from 'node:fs/promises';
import { ClientSetupError } from './client-setup-error.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The file's text, or undefined when there is none. Bytes that are not UTF-8
 * are refused rather than replaced: a replaced byte would be written back
 * changed, and the setup must leave every byte it does not own as it was.
 */
export async function readTextIfExists(filePath: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new ClientSetupError(
      'malformed-file',
      `${filePath} is not UTF-8 text. Save it as UTF-8, then try again; it was left as it is.`,
      { cause: error },
    );
  }
}
