// The target both load generators hit: a small JSON answer over keep-alive, like a health
// endpoint. Runs as its own process so the server never competes with the generator's thread.
// Prints its port on stdout once listening.
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok', version: '1.0.0' });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
