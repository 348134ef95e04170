/** Where clients reach a gateway listening on `host:port` (0.0.0.0 and :: are reached on loopback). */
export function clientUrl(listen: { host: string; port: number }): string {
  const { host } = listen;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${listen.port}`;
}
