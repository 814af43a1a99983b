import { describe, expect, it } from 'vitest';
import { localDeploymentsSince, type StoredHistoryDeployment } from './local-delivery-history';

const SINCE = new Date('2026-11-01T00:00:00Z');
const at = (hoursBefore: number) => new Date(SINCE.getTime() - hoursBefore * 3_600_000).toISOString();
const stored = (id: number, createdAt: string, state: 'success' | 'failure'): StoredHistoryDeployment => ({
  id,
  sha: `sha${id}`,
  environment: 'production',
  createdAt,
  payload: { shipgate: { kind: 'deploy', version: 'v' } },
  transientEnvironment: false,
  statuses: [{ state, createdAt, description: '' }],
});

describe('the local history around the window', () => {
  it('reads further back than the 100 older deployments when none of them is a good base, up to 300', () => {
    const good = stored(1, at(200), 'success');
    const failed = Array.from({ length: 150 }, (_, n) => stored(2 + n, at(150 - n), 'failure'));
    const inside = stored(200, new Date(SINCE.getTime() + 3_600_000).toISOString(), 'success');
    const read = localDeploymentsSince([good, ...failed, inside], 'production', SINCE);
    expect(read.map((d) => d.id)).toContain(good.id);
    expect(read).toHaveLength(152);
  });

  it('stops at 100 older ones when they hold a good base', () => {
    const older = Array.from({ length: 150 }, (_, n) => stored(1 + n, at(150 - n), 'success'));
    expect(localDeploymentsSince(older, 'production', SINCE)).toHaveLength(100);
  });
});
