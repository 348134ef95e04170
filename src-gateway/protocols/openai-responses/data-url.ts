/** A `data:<mime>;base64,<payload>` URL split into its parts; null for anything else. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
  if (match === null) return null;
  return { mediaType: match[1] || 'application/octet-stream', data: match[3] ?? '' };
}

/** The inverse of {@link parseDataUrl}. */
export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
