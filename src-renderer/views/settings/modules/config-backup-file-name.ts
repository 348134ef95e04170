/** `llm-gateway-config-2026-01-31.json`: the day of `date` in the user's time zone. */
export function configBackupFileName(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `llm-gateway-config-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`;
}
