import { capabilityNames, type CapabilityName } from '../../../../src-shared/schemas/catalog.ts';

/** A price per token as people compare them: US dollars per million tokens (`$0.15`), or '—'. */
export function perMillion(costPerToken: number | undefined): string {
  if (costPerToken === undefined) return '—';
  const perMillionTokens = costPerToken * 1_000_000;
  const digits = perMillionTokens !== 0 && perMillionTokens < 0.01 ? 4 : 2;
  return `$${perMillionTokens.toFixed(digits)}`;
}

/** A token count in K or M (`128K`, `1M`), or '—'. */
export function tokenCount(tokens: number | undefined): string {
  if (tokens === undefined) return '—';
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  if (tokens >= 1_000) return `${Number((tokens / 1_000).toFixed(1))}K`;
  return String(tokens);
}

/** The capabilities an entry or model has, in the contract's order. */
export function capabilitiesOf(
  capabilities: Partial<Record<CapabilityName, boolean>> | undefined,
): CapabilityName[] {
  return capabilityNames.filter((name) => capabilities?.[name] === true);
}
