#!/usr/bin/env node
// `node dist/shipgate-load/index.js <url> [requests=1000] [concurrency=10]`: the smoke-test
// load engine on its own, printing its figures as JSON. bench/load imports `runLoad` from
// this bundle instead of running it.
import { pathToFileURL } from 'node:url';
import { runLoad } from '../load-burst';

export { runLoad };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [url, requests = '1000', concurrency = '10'] = process.argv.slice(2);
  if (!url) {
    console.error('usage: shipgate-load <url> [requests=1000] [concurrency=10]');
    process.exit(2);
  }
  const result = await runLoad({ url, requests: Number(requests), concurrency: Number(concurrency), timeoutMs: 10_000 });
  console.log(JSON.stringify(result, null, 2));
}
