import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Track = 'stable' | 'canary';

/**
 * Picks the upstream for each request so that of every 100 requests exactly `weight` go to the
 * canary, spread evenly (25 % = every fourth request), as nginx's smooth weighted round robin
 * does. Deterministic: what the demo shows does not depend on luck.
 */
export class WeightedChooser {
  private weight = 0;
  private credit = 0;

  constructor(weight = 0) {
    this.set(weight);
  }

  get current(): number {
    return this.weight;
  }

  set(weight: number): void {
    if (!Number.isFinite(weight) || weight < 0 || weight > 100) throw new RangeError(`a canary weight is a percentage from 0 to 100, not ${weight}`);
    this.weight = weight;
    this.credit = 0;
  }

  next(): Track {
    this.credit += this.weight;
    if (this.credit >= 100) {
      this.credit -= 100;
      return 'canary';
    }
    return 'stable';
  }
}

/** A weight as the admin endpoint takes it: `25`, `25%` or `25.5`. */
export function parseWeight(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const weight = match ? Number(match[1]) : Number.NaN;
  return weight >= 0 && weight <= 100 ? weight : undefined;
}

export interface WeightedProxy {
  /** Where users send their requests. */
  url: string;
  /** `GET /weight` prints the canary weight; `PUT /weight` with `25` sets it. */
  adminUrl: string;
  readonly weight: number;
  setWeight(weight: number): void;
  /** Requests sent to each upstream so far. */
  readonly served: Readonly<Record<Track, number>>;
  close(): Promise<void>;
}

/**
 * The demo's traffic router: a small HTTP proxy on 127.0.0.1 sending `weight` % of requests to
 * the canary's port and the rest to stable's. canary-step and rollback move the weight through
 * its admin endpoint, with `router: command` (see `demo-app set-weight`).
 */
export async function startWeightedProxy(ports: Record<Track, number>, weight = 0): Promise<WeightedProxy> {
  const chooser = new WeightedChooser(weight);
  const served: Record<Track, number> = { stable: 0, canary: 0 };
  const agent = new Agent({ keepAlive: true });
  const proxy = createServer((req, res) => {
    const track = chooser.next();
    served[track]++;
    const upstream = request(
      { host: '127.0.0.1', port: ports[track], method: req.method, path: req.url, headers: req.headers, agent },
      (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: the ${track} upstream did not answer: ${error.message}\n`);
    });
    req.pipe(upstream);
  });
  const admin = createServer((req, res) => {
    const answer = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (req.url !== '/weight') return answer(404, 'only /weight is here\n');
    if (req.method === 'GET') return answer(200, `${chooser.current}\n`);
    if (req.method !== 'PUT') return answer(405, 'GET or PUT /weight\n');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const parsed = parseWeight(body);
      if (parsed === undefined) return answer(400, `a weight is a percentage from 0 to 100, not '${body.slice(0, 20)}'\n`);
      chooser.set(parsed);
      return answer(200, `${parsed}\n`);
    });
  });
  const [proxyPort, adminPort] = await Promise.all([listen(proxy), listen(admin)]);
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    get weight() {
      return chooser.current;
    },
    setWeight: (next) => chooser.set(next),
    served,
    async close() {
      agent.destroy();
      await Promise.all([close(proxy), close(admin)]);
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
