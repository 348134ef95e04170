import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/save-screenshot.ts';

/**
 * The screenshots of one page for docs/screenshots/: desktop width (as the page is now, light,
 * then dark) and a narrow phone width (reloaded so the layout starts narrow, dark, then light).
 * Theme through the header's radio, as a user switches it; the page ends light at desktop width.
 */
export async function capturePageVariants(
  page: Page,
  name: string,
  waitForPage: () => Promise<void>,
): Promise<void> {
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  const theme = async (label: 'Light' | 'Dark') => {
    // Clicked in the page itself: an open drawer's mask covers the header, and the shot is of both.
    await page.getByRole('radio', { name: label }).evaluate((input) => (input as HTMLInputElement).click());
    // The theme's colour transitions run to their end (a fixed wait is too short on a busy machine);
    // one cancelled by the next theme change counts as ended.
    await page.waitForTimeout(50);
    await page.evaluate(() =>
      Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))),
    );
  };
  // A shot of the page as it is once loaded, not of a spinner left from a reload or a refresh.
  const settled = () =>
    page
      .locator('.n-base-loading:visible, .n-spin-body:visible')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
  await theme('Light');
  await settled();
  await saveScreenshot(page, `${name}-en-light`);
  await theme('Dark');
  await saveScreenshot(page, `${name}-en-dark`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await waitForPage();
  await settled();
  await saveScreenshot(page, `${name}-narrow-dark`);
  await theme('Light');
  await saveScreenshot(page, `${name}-narrow-light`);
  await page.setViewportSize(desktop);
  await page.reload();
  await waitForPage();
}
