import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repositoryRoot } from './build-bundle.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'llm-gateway-screenshots-'));

/**
 * Take a screenshot. It replaces the tracked `docs/screenshots/<name>.png` only when asked
 * (`UPDATE_SCREENSHOTS=1 npm test`), so a plain `npm test` leaves the work tree clean;
 * otherwise it goes to a temp folder (the page is still rendered and captured).
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const folder =
    process.env.UPDATE_SCREENSHOTS === '1' ? path.join(repositoryRoot, 'docs', 'screenshots') : scratch;
  const file = path.join(folder, `${name}.png`);
  // Colours at rest: a theme switch's transitions run to their end first (infinite ones, such as
  // spinners, are left alone).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
