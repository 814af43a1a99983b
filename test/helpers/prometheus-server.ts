import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForeground, type ForegroundServer } from './foreground-server';
import { unusedPort } from './http-app';

export interface PrometheusServer {
  url: string;
  /** An instant query's result, straight from the HTTP API. */
  query(expression: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/**
 * Real Prometheus in the foreground on 127.0.0.1, scraping `targets` (host:port → labels) every
 * `scrapeIntervalMs`. A short interval keeps increase()'s extrapolation past the last scrape small.
 */
export async function startPrometheus(targets: Array<{ address: string; labels: Record<string, string> }>, scrapeIntervalMs = 100): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-prometheus-'));
  const port = await unusedPort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: `${scrapeIntervalMs}ms`, scrape_timeout: `${scrapeIntervalMs}ms` },
      scrape_configs: [{ job_name: 'app', static_configs: targets.map((target) => ({ targets: [target.address], labels: target.labels })) }],
    }),
  );
  let server: ForegroundServer | undefined;
  try {
    server = await startForeground(
      ['prometheus', `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      port,
      30_000,
    );
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${url}/-/ready`).catch(() => undefined))?.status !== 200) {
      if (Date.now() > deadline) throw new Error(`prometheus did not become ready:\n${server.output()}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    const running = server;
    return {
      url,
      async query(expression) {
        const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expression })}`);
        const body = (await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
        return body.data.result;
      },
      async stop() {
        await running.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
