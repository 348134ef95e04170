import { createHash } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Mistral accepts only tool-call ids of exactly nine letters and digits
 * (langchain-ai/langchain#24668). Other ids are hashed deterministically, so a
 * call and its result map to the same id without any per-request state; ids
 * Mistral itself issued already match and pass unchanged.
 */
export function toNineAlphanumericId(id: string): string {
  if (/^[a-zA-Z0-9]{9}$/.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let index = 0; index < 9; index++) out += alphabet[digest[index]! % alphabet.length];
  return out;
}
