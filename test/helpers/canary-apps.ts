import { startTrackApps, type TrackApps } from './track-apps';

/** Stable and canary apps behind a router; the canary can be made to fail a share of its requests. */
export interface CanaryApps extends TrackApps {
  /** Every n-th canary request answers 500 (0: none). */
  failCanaryEvery(n: number): void;
}

export async function startCanaryApps(): Promise<CanaryApps> {
  let every = 0;
  let n = 0;
  const apps = await startTrackApps(() => every > 0 && ++n % every === 0);
  return {
    ...apps,
    failCanaryEvery: (value) => {
      every = value;
      n = 0;
    },
  };
}
