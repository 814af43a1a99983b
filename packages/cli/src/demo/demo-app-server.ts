import { createServer } from 'node:http';

export type DemoBehaviour = 'healthy' | 'broken';

/**
 * The demo's application: `/health`, `/` and `/api/v1/initialize`, like the apps in the
 * release plans shipgate grew from. A `broken` build starts but never reports healthy and
 * fails its API, as a bad release does.
 */
export function serveDemoApp(options: { port: number; version: string; behaviour: DemoBehaviour }): Promise<void> {
  const server = createServer((req, res) => {
    const broken = options.behaviour === 'broken';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(broken ? 503 : 200, { status: broken ? 'degraded' : 'ok', version: options.version });
    if (req.url === '/api/v1/initialize') return json(broken ? 500 : 200, broken ? { error: 'db migration missing' } : { initialized: true });
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`demo app ${options.version}\n`);
    }
    return json(404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
}
