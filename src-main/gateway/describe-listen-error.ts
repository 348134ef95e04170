/** A listen failure in one sentence that says what to do (the tray and the dialogs show it). */
export function describeListenError(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} on ${host} is already in use by another program.`;
  if (code === 'EACCES') return `Not allowed to listen on ${host}:${port}; choose a port above 1024.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this computer; choose 127.0.0.1.`;
  return error instanceof Error ? error.message : String(error);
}
