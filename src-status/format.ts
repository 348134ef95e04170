/** Escape text for safe insertion into HTML (names come from the gateway's users). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function formatPercent(value: number | null): string {
  if (value === null) return '—';
  const percent = value * 100;
  return `${percent >= 99.995 ? '100' : percent.toFixed(2)}%`;
}

export function formatMs(value: number | null): string {
  if (value === null) return '—';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' });
}
