import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How the server answers a request, by its path (`/hang`, `/drip`, ...); any other path gets a
 * small 200 JSON answer, so one server can be both the healthy readiness target and the
 * misbehaving one.
 */
export const MISBEHAVIOURS = {
  /** Reads the request and never answers. */
  hang: 'no answer at all',
  /** 200 and headers at once, then one body byte every 100 ms, forever. */
  drip: 'a body that drips one byte every 100 ms and never ends',
  /** 200 and headers at once, then body bytes as fast as the client reads them, forever. */
  endless: 'an endless body, as fast as the client reads',
  /** Announces 1,000 bytes, sends 10, then closes the connection. */
  'close-mid-body': 'the connection closed after 10 of 1,000 announced body bytes',
  /** `102 Processing` every 100 ms and never a final answer. */
  'informational-only': 'only 102 Processing answers, every 100 ms, never a final one',
  /** A line that is not HTTP, then closes. */
  garbage: 'bytes that are not HTTP, then a close',
} as const;
export type Misbehaviour = keyof typeof MISBEHAVIOURS;

export interface MisbehavingServer {
  url: string;
  /** Requests seen, in order: "METHOD /path". */
  requests: string[];
  /** Connections still open (a client that gave up closes its own). */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * A raw TCP server on 127.0.0.1 that speaks just enough HTTP/1.1 to misbehave in ways node's
 * http server will not: endless or dripping bodies, 1xx without a final answer, garbage, a close
 * in the middle of a body. Requests on one keep-alive connection are answered in turn.
 */
export async function startMisbehavingServer(): Promise<MisbehavingServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const [method = '', path = ''] = head.split('\r\n')[0]?.split(' ') ?? [];
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (length) pending = pending.slice(Number(length[1])); // request bodies here are small and arrive whole
        requests.push(`${method} ${path}`);
        answer(socket, path.slice(1) as Misbehaviour);
      }
    });
  });

  const every = (ms: number, fn: () => void, socket: Socket) => {
    const timer = setInterval(fn, ms);
    timers.add(timer);
    socket.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };

  function answer(socket: Socket, behaviour: Misbehaviour): void {
    switch (behaviour) {
      case 'hang':
        return;
      case 'drip':
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n');
        return every(100, () => socket.write('1\r\nx\r\n'), socket);
      case 'endless': {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
        const chunk = Buffer.from(`4000\r\n${'{'.repeat(0x4000)}\r\n`);
        const pump = () => {
          while (!socket.destroyed && socket.write(chunk));
        };
        socket.on('drain', pump);
        return pump();
      }
      case 'close-mid-body':
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n0123456789');
        return void setImmediate(() => socket.destroy());
      case 'informational-only':
        return every(100, () => socket.write('HTTP/1.1 102 Processing\r\n\r\n'), socket);
      case 'garbage':
        return void socket.end('SSH-2.0-OpenSSH_9.6 this is not HTTP\r\n\r\n');
      default:
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"status":"ok"}');
    }
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
