import { randomInt } from 'node:crypto';

/**
 * A one-time setup code such as `4821-0937-5562`: twelve random digits (about 40 bits,
 * beyond guessing over HTTP), grouped so a person can read it off a console and type it.
 */
export function createSetupCode(): string {
  const group = () => String(randomInt(0, 10_000)).padStart(4, '0');
  return `${group()}-${group()}-${group()}`;
}
