import type { Page } from 'playwright-core';

/** What went wrong in the page during a run: console errors, uncaught errors, failed `/api` calls. */
export interface PageWatch {
  problems(): string[];
}

/**
 * Collect everything a user would count as broken: `console.error` (CSP violations land here),
 * uncaught exceptions, `/api` answers of 400 and above, and `/api` requests that failed outright.
 * Aborted requests are not problems: a reload or a logout cancels the live events stream on purpose.
 */
export function watchPage(page: Page): PageWatch {
  const found: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') found.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => found.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() >= 400)
      found.push(`${response.request().method()} ${url.pathname} answered ${response.status()}`);
  });
  page.on('requestfailed', (request) => {
    const url = new URL(request.url());
    const reason = request.failure()?.errorText ?? 'failed';
    if (url.pathname.startsWith('/api/') && !reason.includes('ERR_ABORTED'))
      found.push(`${request.method()} ${url.pathname} failed: ${reason}`);
  });
  return { problems: () => [...found] };
}
