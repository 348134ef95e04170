/**
 * Save the pieces of a streamed export as a file the browser downloads (a Blob URL on a link,
 * revoked once clicked). Answers how many records it held (lines, less a CSV header).
 */
export async function downloadPieces(
  pieces: AsyncIterable<string>,
  options: { fileName: string; type: string; header?: boolean },
): Promise<number> {
  const parts: string[] = [];
  for await (const piece of pieces) parts.push(piece);
  const url = URL.createObjectURL(new Blob(parts, { type: options.type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = options.fileName;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Let the click start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return Math.max(0, parts.length - (options.header ? 1 : 0));
}
