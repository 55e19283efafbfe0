import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * Small proxies on 127.0.0.1 for the transport's tests: an HTTP proxy that only tunnels (CONNECT),
 * optionally demanding Basic credentials, and a SOCKS5 proxy (no authentication). Each records the
 * targets it was asked for, so a test can prove traffic went through it.
 */
export interface LocalProxy {
  uri: string;
  /** "host:port" of every tunnel opened, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

function trackSockets(server: net.Server) {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function pipeBoth(a: net.Socket, b: net.Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

export async function startConnectProxy(options: { requireCredentials?: { username: string; password: string } } = {}): Promise<LocalProxy> {
  const tunnels: string[] = [];
  const server = http.createServer((_request, response) => {
    response.writeHead(405).end('this proxy only tunnels');
  });
  const close = trackSockets(server);
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const expected = options.requireCredentials;
    if (expected) {
      const sent = request.headers['proxy-authorization'];
      const wanted = `Basic ${Buffer.from(`${expected.username}:${expected.password}`).toString('base64')}`;
      if (sent !== wanted) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
        return;
      }
    }
    const target = request.url ?? '';
    tunnels.push(target);
    const [host = '', port = '443'] = target.replace(/^\[(.*)\](:\d+)$/, '$1$2').split(/:(?=\d+$)/);
    const upstream = net.connect({ host, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      pipeBoth(client, upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels, close };
}

export async function startSocks5Proxy(): Promise<LocalProxy> {
  const tunnels: string[] = [];
  const server = net.createServer((client) => {
    let stage: 'greeting' | 'request' = 'greeting';
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
        buffered = buffered.subarray(2 + buffered[1]!);
        client.write(Buffer.from([0x05, 0x00]));
        stage = 'request';
      }
      if (buffered.length < 5) return;
      const type = buffered[3]!;
      const addressLength = type === 0x01 ? 4 : type === 0x04 ? 16 : 1 + buffered[4]!;
      if (buffered.length < 4 + addressLength + 2) return;
      const address = buffered.subarray(4, 4 + addressLength);
      const host = type === 0x01 ? [...address].join('.') : type === 0x03 ? address.subarray(1).toString('latin1') : address.toString('hex');
      const port = buffered.readUInt16BE(4 + addressLength);
      client.off('data', onData);
      tunnels.push(`${host}:${port}`);
      const upstream = net.connect({ host, port }, () => {
        client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
        pipeBoth(client, upstream);
      });
      upstream.on('error', () => client.end(Buffer.from([0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0])));
    };
    client.on('data', onData);
    client.on('error', () => undefined);
  });
  const close = trackSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { uri: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels, close };
}
