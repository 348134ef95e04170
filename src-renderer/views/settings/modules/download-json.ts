/**
 * Save `value` as a JSON file named `fileName` through the browser's download (a Blob behind an
 * object URL and an `<a download>`): the desktop window saves it the same way, no file API needed.
 */
export function downloadJson(fileName: string, value: unknown, scope: Document = document): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = scope.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  scope.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // After the click has handed the file over (revoking at once can cancel it in some browsers).
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
