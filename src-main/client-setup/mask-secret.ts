/** A key as the UI may show it: enough to recognise (`sk-…1a2b`), not enough to use. */
export function maskSecret(value: string): string {
  return value.length <= 10 ? '•'.repeat(8) : `${value.slice(0, 3)}…${value.slice(-4)}`;
}

/** `text` with every secret masked, as written raw or inside a JSON/TOML string (escaped). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const forms = secrets
    .filter((secret) => secret !== '')
    .flatMap((secret) => [
      [secret, maskSecret(secret)],
      [JSON.stringify(secret).slice(1, -1), maskSecret(secret)],
    ])
    .sort((left, right) => right[0]!.length - left[0]!.length); // longest first: a key inside another
  return forms.reduce((masked, [form, replacement]) => masked.split(form!).join(replacement!), text);
}
