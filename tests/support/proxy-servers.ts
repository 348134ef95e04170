import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import {
  createServer as createTcpServer,
  connect,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';

/**
 * Egress test doubles, all on 127.0.0.1 port 0: an HTTP forward proxy
 * (absolute-URI forwarding and CONNECT tunnels), a SOCKS5 proxy (no auth or
 * username/password), a transparent TCP relay that counts connections, and a
 * server that accepts connections and never speaks. Each records what went
 * through it. They only ever connect to loopback: a target that does not map
 * to a loopback address is refused, so a test cannot reach the network.
 */

export interface ProxyCredentials {
  username: string;
  password: string;
}

export interface ProxyOptions {
  /** Require these credentials (HTTP: `proxy-authorization: Basic`, SOCKS5: RFC 1929). */
  credentials?: ProxyCredentials;
  /**
   * Map a requested host name to the address actually dialled, e.g. every
   * `*.test` name to 127.0.0.1, so a test can prove a host is reached only
   * through the proxy. Default: the name itself.
   */
  resolveHost?: (host: string) => string;
}

/** One request or tunnel as the HTTP proxy saw it. */
export interface HttpProxyRecord {
  kind: 'connect' | 'forward';
  /** `CONNECT`, or the forwarded method. */
  method: string;
  /** `host:port` for a tunnel, the absolute URL for a forwarded request. */
  target: string;
  headers: IncomingHttpHeaders;
  /** The proxy refused it (bad credentials, not loopback, unreachable). */
  refused?: number;
}

/** One SOCKS5 connection as the proxy saw it. */
export interface SocksProxyRecord {
  /** `host:port` as requested (a domain name stays a name). */
  target: string;
  /** The method the proxy chose: 0 none, 2 username/password. */
  method: number;
  username?: string;
  /** The proxy refused it (auth failed, not loopback, unreachable). */
  refused?: boolean;
}

export interface TestProxy<RecordType> {
  /** `http://127.0.0.1:PORT` or `socks5://127.0.0.1:PORT`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** Everything that went through, in arrival order. */
  readonly records: RecordType[];
  /** TCP connections accepted from clients so far. */
  readonly connections: number;
  /** Stop listening and cut every open connection. */
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Collects a server's sockets so `close()` can cut tunnels and stalled streams. */
function trackSockets(server: Server): { sockets: Set<Socket>; count: () => number } {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on('connection', (socket: Socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { sockets, count: () => count };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server, sockets: Set<Socket>, extra: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of [...sockets, ...extra]) socket.destroy();
  await closed;
}

/** Join both directions; either side ending or failing tears down the other. */
function splice(left: Socket, right: Socket, outbound: Set<Socket>): void {
  outbound.add(right);
  right.on('close', () => outbound.delete(right));
  left.on('error', () => right.destroy());
  right.on('error', () => left.destroy());
  left.on('close', () => right.destroy());
  right.on('close', () => left.destroy());
  left.pipe(right);
  right.pipe(left);
}

function splitHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value);
  if (!match) return { host: value, port: defaultPort };
  return { host: match[1]!, port: match[2] ? Number(match[2]) : defaultPort };
}

function basicMatches(header: string | undefined, credentials: ProxyCredentials): boolean {
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return header === expected;
}

const hopByHop = [
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * An HTTP forward proxy: `CONNECT host:port` opens a tunnel, a request with an
 * absolute URI (`GET http://host:port/path`) is forwarded. Records both.
 */
export async function startHttpProxy(options: ProxyOptions = {}): Promise<TestProxy<HttpProxyRecord>> {
  const records: HttpProxyRecord[] = [];
  const outbound = new Set<Socket>();
  const resolveHost = options.resolveHost ?? ((host: string) => host);
  const authorized = (headers: IncomingHttpHeaders): boolean =>
    !options.credentials || basicMatches(headers['proxy-authorization'], options.credentials);

  const server = createHttpServer((request, response) => {
    const record: HttpProxyRecord = {
      kind: 'forward',
      method: request.method ?? 'GET',
      target: request.url ?? '',
      headers: { ...request.headers },
    };
    records.push(record);
    const refuse = (status: number): void => {
      record.refused = status;
      response.writeHead(status, status === 407 ? { 'proxy-authenticate': 'Basic realm="test"' } : {});
      response.end();
    };
    if (!authorized(request.headers)) return refuse(407);
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      return refuse(400);
    }
    const host = resolveHost(target.hostname);
    if (target.protocol !== 'http:' || !loopback.has(host)) return refuse(502);
    const headers = { ...request.headers };
    for (const name of hopByHop) delete headers[name];
    const forwarded = httpRequest(
      {
        host: host.replace(/^\[|\]$/g, ''),
        port: Number(target.port || 80),
        method: request.method,
        path: target.pathname + target.search,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => (response.headersSent ? response.destroy() : refuse(502)));
    response.on('close', () => forwarded.destroy());
    request.pipe(forwarded);
  });

  server.on('connect', (request, client: Socket, head: Buffer) => {
    const record: HttpProxyRecord = {
      kind: 'connect',
      method: 'CONNECT',
      target: request.url ?? '',
      headers: { ...request.headers },
    };
    records.push(record);
    const refuse = (status: number, reason: string): void => {
      record.refused = status;
      const challenge = status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : '';
      client.end(`HTTP/1.1 ${status} ${reason}\r\n${challenge}Content-Length: 0\r\n\r\n`);
    };
    client.on('error', () => client.destroy());
    if (!authorized(request.headers)) return refuse(407, 'Proxy Authentication Required');
    const { host, port } = splitHostPort(request.url ?? '', 443);
    const address = resolveHost(host);
    if (!loopback.has(address)) return refuse(502, 'Bad Gateway');
    const upstream = connect(port, address.replace(/^\[|\]$/g, ''));
    upstream.once('error', () => {
      if (!client.destroyed) refuse(502, 'Bad Gateway');
    });
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      splice(client, upstream, outbound);
    });
  });

  const { sockets, count } = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    get connections() {
      return count();
    },
    close: () => closeServer(server, sockets, outbound),
  };
}

/** Reads exact byte counts from a socket during a handshake. */
function byteReader(socket: Socket) {
  let buffered = Buffer.alloc(0);
  let waiting: { size: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void } | undefined;
  const settle = (): void => {
    if (waiting && buffered.length >= waiting.size) {
      const { size, resolve } = waiting;
      waiting = undefined;
      const bytes = buffered.subarray(0, size);
      buffered = buffered.subarray(size);
      resolve(bytes);
    }
  };
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    settle();
  };
  const onEnd = (): void => waiting?.reject(new Error('socket closed during handshake'));
  socket.on('data', onData);
  socket.on('close', onEnd);
  return {
    read(size: number): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        waiting = { size, resolve, reject };
        settle();
        if (waiting && socket.destroyed) onEnd();
      });
    },
    /** Stop reading; returns bytes that arrived after the handshake. */
    release(): Buffer {
      socket.off('data', onData);
      socket.off('close', onEnd);
      return buffered;
    },
  };
}

/** A SOCKS5 proxy (RFC 1928, CONNECT only) with optional username/password auth (RFC 1929). */
export async function startSocks5Proxy(options: ProxyOptions = {}): Promise<TestProxy<SocksProxyRecord>> {
  const records: SocksProxyRecord[] = [];
  const outbound = new Set<Socket>();
  const resolveHost = options.resolveHost ?? ((host: string) => host);

  async function handshake(client: Socket): Promise<void> {
    const reader = byteReader(client);
    const [version, methodCount] = await reader.read(2);
    if (version !== 5) return void client.destroy();
    const offered = [...(await reader.read(methodCount!))];
    const wanted = options.credentials ? 2 : 0;
    if (!offered.includes(wanted)) {
      records.push({ target: '', method: 0xff, refused: true });
      return void client.end(Buffer.from([5, 0xff]));
    }
    client.write(Buffer.from([5, wanted]));
    const record: SocksProxyRecord = { target: '', method: wanted };
    records.push(record);
    if (options.credentials) {
      const [, nameLength] = await reader.read(2);
      const username = (await reader.read(nameLength!)).toString('utf8');
      const [passwordLength] = await reader.read(1);
      const password = (await reader.read(passwordLength!)).toString('utf8');
      record.username = username;
      const ok = username === options.credentials.username && password === options.credentials.password;
      if (!ok) {
        record.refused = true;
        return void client.end(Buffer.from([1, 1]));
      }
      client.write(Buffer.from([1, 0]));
    }
    const [, command, , addressType] = await reader.read(4);
    let host: string;
    if (addressType === 1) host = [...(await reader.read(4))].join('.');
    else if (addressType === 3) host = (await reader.read((await reader.read(1))[0]!)).toString('utf8');
    else if (addressType === 4) {
      const bytes = await reader.read(16);
      host = `[${(bytes.toString('hex').match(/.{4}/g) ?? []).join(':')}]`;
    } else return void client.destroy();
    const port = (await reader.read(2)).readUInt16BE(0);
    record.target = `${host}:${port}`;
    const reply = (code: number): Buffer => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
    if (command !== 1) {
      record.refused = true;
      return void client.end(reply(7));
    }
    const address = resolveHost(host);
    if (!loopback.has(address)) {
      record.refused = true;
      return void client.end(reply(2));
    }
    const upstream = connect(port, address === '[::1]' ? '::1' : address);
    upstream.once('error', () => {
      record.refused = true;
      if (!client.destroyed) client.end(reply(5));
    });
    upstream.once('connect', () => {
      client.write(reply(0));
      const early = reader.release();
      if (early.length > 0) upstream.write(early);
      splice(client, upstream, outbound);
    });
  }

  const server = createTcpServer((client) => {
    client.on('error', () => client.destroy());
    handshake(client).catch(() => client.destroy());
  });
  const { sockets, count } = trackSockets(server);
  const port = await listen(server);
  return {
    url: `socks5://127.0.0.1:${port}`,
    port,
    records,
    get connections() {
      return count();
    },
    close: () => closeServer(server, sockets, outbound),
  };
}

/**
 * A transparent TCP relay to `127.0.0.1:targetPort`: point a provider at it
 * to count the connections the gateway opens (keep-alive pooling).
 */
export async function startTcpRelay(targetPort: number): Promise<TestProxy<never>> {
  const outbound = new Set<Socket>();
  const server = createTcpServer((client) => {
    splice(client, connect(targetPort, '127.0.0.1'), outbound);
  });
  const { sockets, count } = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records: [],
    get connections() {
      return count();
    },
    close: () => closeServer(server, sockets, outbound),
  };
}

/** A server that accepts connections and never answers (a proxy that hangs in its handshake). */
export async function startSilentServer(): Promise<TestProxy<never>> {
  const server = createTcpServer(() => {});
  const { sockets, count } = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records: [],
    get connections() {
      return count();
    },
    close: () => closeServer(server, sockets, new Set()),
  };
}
