import type { TrafficRouter } from '@shipgate/traffic';

export type BackToStable = { ok: true; attempts: number } | { ok: false; attempts: number; error: string; weightInForce?: number };

/** Waits between attempts to put traffic back: a reload or socket that failed once often works a second later. */
export const RETRY_DELAYS_MS = [1000, 3000];

/**
 * Sends all traffic back to stable (canary weight 0). Aborting and cancelling must not stop
 * at one failed router call: it retries, and when every attempt failed it says what the
 * router reports is still in force, so the caller can say it loudly.
 */
export async function backToStable(
  router: TrafficRouter,
  log: (line: string) => void,
  delaysMs: readonly number[] = RETRY_DELAYS_MS,
): Promise<BackToStable> {
  let lastError = '';
  for (let attempt = 1; attempt <= delaysMs.length + 1; attempt++) {
    try {
      await router.setWeight(0);
      return { ok: true, attempts: attempt };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      log(`could not put traffic back on stable (attempt ${attempt} of ${delaysMs.length + 1}): ${lastError}`);
      const delay = delaysMs[attempt - 1];
      if (delay !== undefined) await new Promise((done) => setTimeout(done, delay));
    }
  }
  const weightInForce = await router.getWeight().catch(() => undefined);
  return { ok: false, attempts: delaysMs.length + 1, error: lastError, ...(weightInForce === undefined ? {} : { weightInForce }) };
}
