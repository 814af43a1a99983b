import { startApp, type LocalApp } from './http-app';

/** Two app servers behind a router: each answers with its track, and counts what it served. */
export interface TrackApps {
  canary: LocalApp;
  stable: LocalApp;
  /** Requests each has served since the last reset. */
  served(): { canary: number; stable: number };
  reset(): void;
  close(): Promise<void>;
}

/** `canaryFails`: asked per canary request whether it answers 500 instead of 200. */
export async function startTrackApps(canaryFails: () => boolean = () => false): Promise<TrackApps> {
  const answer = (track: string, fails: () => boolean) =>
    startApp((_req, res) => {
      res.setHeader('x-track', track);
      res.statusCode = fails() ? 500 : 200;
      res.end(track);
    });
  const canary = await answer('canary', canaryFails);
  const stable = await answer('stable', () => false);
  return {
    canary,
    stable,
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
