import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForeground } from './foreground-server';
import { unusedPort } from './http-app';

export interface HaproxyServer {
  url: string;
  /** The admin socket (unix path) the haproxy router talks to. */
  socket: string;
  backend: string;
  stop(): Promise<void>;
}

/** Real HAProxy in the foreground (`-db`) on 127.0.0.1 with backend `app`: servers `stable` and `canary`. */
export async function startHaproxy(upstreams: { stable: number; canary: number }): Promise<HaproxyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-haproxy-'));
  const port = await unusedPort();
  const socket = join(dir, 'admin.sock');
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    `global
    stats socket ${socket} mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend web
    bind 127.0.0.1:${port}
    default_backend app
backend app
    balance roundrobin
    server stable 127.0.0.1:${upstreams.stable} weight 100
    server canary 127.0.0.1:${upstreams.canary} weight 0
backend fixed
    balance static-rr
    server stable 127.0.0.1:${upstreams.stable}
    server canary 127.0.0.1:${upstreams.canary}
`,
  );
  try {
    const server = await startForeground(['haproxy', '-db', '-f', config], port);
    return {
      url: `http://127.0.0.1:${port}`,
      socket,
      backend: 'app',
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
