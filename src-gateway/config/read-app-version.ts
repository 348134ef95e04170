import { readFileSync } from 'node:fs';

/** The `version` of the app's package.json, or undefined when it cannot be read (the gateway says `unknown`). */
export function readAppVersion(packageJson: URL | string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
