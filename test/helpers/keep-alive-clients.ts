import { Pool } from 'undici';

/** One request a client sent, and which track (x-track header) served it. */
export interface SentRequest {
  at: number;
  track: string;
}

/**
 * Keeps `clients` loops sending GET / on keep-alive connections until `stop` resolves, as real
 * clients do through a traffic switch; returns what each request reached and how many failed.
 */
export async function sendUntil(url: string, stop: Promise<void>, clients: number): Promise<{ sent: SentRequest[]; failed: number }> {
  const pool = new Pool(url, { connections: clients, pipelining: 1 });
  const sent: SentRequest[] = [];
  let failed = 0;
  let stopped = false;
  void stop.then(() => (stopped = true));
  const loop = async () => {
    while (!stopped) {
      const at = performance.now();
      try {
        const response = await pool.request({ path: '/', method: 'GET' });
        await response.body.dump();
        sent.push({ at, track: String(response.headers['x-track']) });
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  await pool.close();
  return { sent, failed };
}
