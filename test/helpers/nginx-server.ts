import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childPids, startForeground, type ForegroundServer } from './foreground-server';
import { unusedPort } from './http-app';

export interface NginxServer {
  url: string;
  dir: string;
  /** The weighted upstream include the nginx router rewrites. */
  upstreamFile: string;
  mainConfig: string;
  /** `nginx -t` and `nginx -s reload` for this instance (its prefix, config and error log). */
  testCommand: string;
  reloadCommand: string;
  /** Resolves once the workers that ran before the last reload have exited. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Real nginx in the foreground on 127.0.0.1 (a free port picked first: nginx cannot report a
 * port 0 it bound), proxying to two upstream servers marked `# stable` and `# canary`.
 */
export async function startNginx(upstreams: { stable: number; canary: number }): Promise<NginxServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-nginx-'));
  const port = await unusedPort();
  const upstreamFile = join(dir, 'upstream.conf');
  const mainConfig = join(dir, 'nginx.conf');
  writeFileSync(
    upstreamFile,
    `upstream app {\n    server 127.0.0.1:${upstreams.stable};  # stable\n    server 127.0.0.1:${upstreams.canary} down;  # canary\n    keepalive 16;\n}\n`,
  );
  writeFileSync(
    mainConfig,
    `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${upstreamFile};
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
`,
  );
  const flags = `-p ${dir}/ -c ${mainConfig} -e ${dir}/error.log`;
  let server: ForegroundServer;
  try {
    server = await startForeground(['nginx', ...flags.split(' ')], port);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const master = server.child.pid as number;
  let workersBefore = childPids(master);
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    upstreamFile,
    mainConfig,
    testCommand: `nginx -t -q ${flags}`,
    reloadCommand: `nginx -s reload ${flags}`,
    async settled() {
      // A reload starts new workers and asks the old ones to finish: wait for both.
      const deadline = Date.now() + 5000;
      for (;;) {
        const now = childPids(master);
        const fresh = now.filter((pid) => !workersBefore.includes(pid));
        if (fresh.length > 0 && !now.some((pid) => workersBefore.includes(pid))) break;
        if (Date.now() > deadline) throw new Error(`nginx did not finish reloading: ${server.output()}`);
        await new Promise((done) => setTimeout(done, 5));
      }
      workersBefore = childPids(master);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
