import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id made of letters and digits, e.g. `randomId('call_', 24)`. */
export function randomId(prefix = '', length = 24): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let index = 0; index < length; index++) out += alphabet[bytes[index]! % alphabet.length];
  return out;
}
