import { createServer } from 'node:http';

/**
 * `flaky`: every fourth request to `/` fails with a 500, as a release with a bug on its main
 * page would. Its `/health` and `/api/v1/initialize` are fine, so it passes the smoke test;
 * only real traffic on `/` (the canary's probes, users) finds it.
 */
export type DemoBehaviour = 'healthy' | 'flaky';

/** Header every answer of a demo app carries: which release answered (the proxy passes it on). */
export const VERSION_HEADER = 'x-demo-version';

/**
 * The demo's application: `/health`, `/` and `/api/v1/initialize`, like the apps in the
 * release plans shipgate grew from.
 */
export function serveDemoApp(options: { port: number; version: string; behaviour: DemoBehaviour }): Promise<void> {
  let pageViews = 0;
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', [VERSION_HEADER]: options.version });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(200, { status: 'ok', version: options.version });
    if (req.url === '/api/v1/initialize') return json(200, { initialized: true });
    if (req.url === '/') {
      pageViews++;
      if (options.behaviour === 'flaky' && pageViews % 4 === 0) return json(500, { error: 'session store timeout', version: options.version });
      res.writeHead(200, { 'content-type': 'text/plain', [VERSION_HEADER]: options.version });
      return res.end(`demo app ${options.version}\n`);
    }
    return json(404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
}
