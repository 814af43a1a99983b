import { describe, expect, it } from 'vitest';
import { availableAliases, resolveCommand } from './command-aliases';

describe('command aliases', () => {
  const aliases = { deploy: 'staging-deploy', metrics: 'delivery-metrics' };

  it('runs the command an alias names, once that command exists', () => {
    expect(resolveCommand('deploy', ['staging-deploy'], aliases)).toBe('staging-deploy');
    expect(resolveCommand('metrics', ['staging-deploy'], aliases)).toBeUndefined();
    expect(resolveCommand('metrics', ['staging-deploy', 'delivery-metrics'], aliases)).toBe('delivery-metrics');
    expect(resolveCommand('metrics', ['delivery-metrics'])).toBe('delivery-metrics');
  });

  it('lists only the aliases that work, and never resolves an inherited name', () => {
    expect(availableAliases(['staging-deploy'], aliases)).toEqual([['deploy', 'staging-deploy']]);
    expect(resolveCommand('constructor', ['staging-deploy'], aliases)).toBeUndefined();
  });
});
