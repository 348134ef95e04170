/** Why a client setup was refused; the message names the file and says what to do. Never holds a key. */
export type ClientSetupErrorCode =
  'invalid-input' | 'malformed-file' | 'unsupported-form' | 'changed-since-planning' | 'no-backup';

export class ClientSetupError extends Error {
  readonly code: ClientSetupErrorCode;

  constructor(code: ClientSetupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientSetupError';
    this.code = code;
  }
}
