import type { IncomingMessage, ServerResponse } from 'node:http';
import { startApp } from './http-app';
import type { TrackApps } from './track-apps';

/** Stable and canary apps behind a router; the canary can be made to fail a share of its requests. */
export interface CanaryApps extends TrackApps {
  /** Every n-th canary request answers 500 (0: none). */
  failCanaryEvery(n: number): void;
}

export async function startCanaryApps(): Promise<CanaryApps> {
  let every = 0;
  let n = 0;
  const answer = (track: string, fails: () => boolean) =>
    startApp((_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('x-track', track);
      res.statusCode = fails() ? 500 : 200;
      res.end(track);
    });
  const canary = await answer('canary', () => every > 0 && ++n % every === 0);
  const stable = await answer('stable', () => false);
  return {
    canary,
    stable,
    failCanaryEvery: (value) => {
      every = value;
      n = 0;
    },
    served: () => ({ canary: canary.requests.length, stable: stable.requests.length }),
    reset: () => {
      canary.requests.length = 0;
      stable.requests.length = 0;
    },
    close: async () => {
      await canary.close();
      await stable.close();
    },
  };
}
