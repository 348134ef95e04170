/**
 * Split a `data:<mime>;base64,<data>` URL. Returns undefined for anything else
 * (an https URL, or a data URL that is not base64), which callers pass on as a URL.
 */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*);base64,/i.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] || 'application/octet-stream', data: url.slice(match[0].length) };
}
