/** Numbers as the dashboard shows them, in the user's locale. */

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

export function formatUsd(amount: number, locale: string): string {
  return amount.toLocaleString(locale, {
    style: 'currency',
    currency: 'USD',
    // Cents hide what a cheap model costs: show four decimals below a dollar.
    maximumFractionDigits: amount !== 0 && Math.abs(amount) < 1 ? 4 : 2,
  });
}

export function formatCount(count: number, locale: string): string {
  return count.toLocaleString(locale, { notation: count >= 100_000 ? 'compact' : 'standard' });
}

/** Whole days, hours and minutes: `{ days, hours, minutes }` for the i18n message. */
export function splitDuration(seconds: number): { days: number; hours: number; minutes: number } {
  return {
    days: Math.floor(seconds / 86_400),
    hours: Math.floor((seconds % 86_400) / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
  };
}
