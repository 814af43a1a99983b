import { runLoad } from '@shipgate/probe';
import type { TrafficRouter } from '@shipgate/traffic';
import { expect } from 'vitest';
import type { TrackApps } from './track-apps';

/** The canary's share, in percent, of `requests` requests sent through the router at `url`. */
export async function canaryShare(apps: TrackApps, url: string, requests: number): Promise<number> {
  apps.reset();
  const load = await runLoad({ url: `${url}/`, requests, concurrency: 8, timeoutMs: 5000 });
  expect(load.errors, JSON.stringify(load.outcomes)).toBe(0);
  const served = apps.served();
  expect(served.canary + served.stable).toBe(requests);
  return (served.canary / requests) * 100;
}

/**
 * The "Done when": after setWeight(w) for w in 0, 10, 25, 50, 100, the canary's share of
 * 2,000 requests is within 3 points of w (exact at 0 and 100) and getWeight() returns w.
 * `settled` waits until the router applies the weight to new requests (nginx's reload).
 */
export async function expectWeightsHonoured(router: TrafficRouter, apps: TrackApps, url: string, settled: () => Promise<void>): Promise<void> {
  for (const weight of [0, 10, 25, 50, 100]) {
    await router.setWeight(weight);
    await settled();
    const share = await canaryShare(apps, url, 2000);
    if (weight === 0 || weight === 100) expect(share).toBe(weight);
    else expect(Math.abs(share - weight), `canary share ${share}% at weight ${weight}%`).toBeLessThanOrEqual(3);
    expect(await router.getWeight()).toBe(weight);
  }
}
