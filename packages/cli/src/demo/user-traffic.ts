import { VERSION_HEADER } from './demo-app-server';

/** What users got from one release: answers, and how many of them were errors (5xx, no answer). */
export interface Served {
  requests: number;
  failed: number;
}

/**
 * The demo's users: a steady trickle of page views through the proxy, tallied by the release
 * that answered. Shows what a canary weight means for people, and what a rollback gives back.
 */
export class UserTraffic {
  private tally = new Map<string, Served>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.send(), 1000 / this.perSecond);
  }

  /** What users got since the previous call. */
  take(): Map<string, Served> {
    const taken = this.tally;
    this.tally = new Map();
    return taken;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight);
  }

  private send(): void {
    const view = pageView(this.url).then(({ version, failed }) => {
      const served = this.tally.get(version) ?? { requests: 0, failed: 0 };
      served.requests++;
      if (failed) served.failed++;
      this.tally.set(version, served);
    });
    this.inFlight.add(view);
    void view.finally(() => this.inFlight.delete(view));
  }
}

/** One request as a user makes it; `version` is the release that answered (`none` when none did). */
export async function pageView(url: string): Promise<{ version: string; failed: boolean }> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    await answer.arrayBuffer();
    return { version: answer.headers.get(VERSION_HEADER) ?? 'none', failed: answer.status >= 500 };
  } catch {
    return { version: 'none', failed: true };
  }
}

/** `v1 120, v2 40 (9 failed)`, releases in order. */
export function describeServed(served: ReadonlyMap<string, Served>): string {
  if (served.size === 0) return 'no user requests';
  return [...served.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, { requests, failed }]) => `${version} ${requests}${failed > 0 ? ` (${failed} failed)` : ''}`)
    .join(', ');
}
