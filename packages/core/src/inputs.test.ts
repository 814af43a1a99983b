import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ShipgateError } from './errors';
import { booleanInput, commandInput, durationInput, optionalUrlInput, parseInputs, percentageInput, requiredText, runnerInputs } from './inputs';

const schema = z.object({
  environment: requiredText('the environment name'),
  command: commandInput(),
  timeout: durationInput(),
  production: booleanInput(),
  'max-error-rate': percentageInput(),
  url: optionalUrlInput(),
});
const valid = { environment: 'staging', command: './deploy.sh {sha}', timeout: '5m', production: 'false', 'max-error-rate': '1%', url: '' };
const parse = (overrides: Record<string, string>) => parseInputs(schema, (name) => ({ ...valid, ...overrides })[name as keyof typeof valid] ?? '');

describe('parseInputs', () => {
  it('turns raw strings into typed values', () => {
    expect(parse({})).toEqual({
      environment: 'staging',
      command: ['./deploy.sh', '{sha}'],
      timeout: 300_000,
      production: false,
      'max-error-rate': 0.01,
      url: undefined,
    });
  });

  it.each([
    [{ timeout: 'soon' }, "Input 'timeout' must be a duration like 250ms, 30s, 5m or 1h; got 'soon'"],
    [{ production: 'yes' }, "Input 'production' must be true or false; got 'yes'"],
    [{ command: '' }, "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it is empty"],
    [{ environment: '' }, "Input 'environment' is required: the environment name"],
    [{ 'max-error-rate': '5' }, "Input 'max-error-rate' must be a percentage like 0.5% or a fraction like 0.005; got '5'"],
    [{ url: 'ftp://x' }, "Input 'url' must be an http:// or https:// URL without user:password@; got 'ftp://x'"],
    [{ url: 'https://deploy:pw@x.test/health' }, "Input 'url' must be an http:// or https:// URL without user:password@; got 'https://***@x.test/health'"],
  ])('%j is one clear error naming the input', (overrides, message) => {
    expect(() => parse(overrides)).toThrow(new ShipgateError(message.replace(/^Input '[^']+' /, ''), message.split("'")[1]));
    expect(() => parse(overrides)).toThrow(message);
  });

  it('reads INPUT_<NAME> as the runner sets it: upper case, hyphens kept', () => {
    const read = runnerInputs({ 'INPUT_MAX-ERROR-RATE': ' 2% ', INPUT_ENVIRONMENT: 'prod' });
    expect(read('max-error-rate')).toBe('2%');
    expect(read('environment')).toBe('prod');
    expect(read('missing')).toBe('');
  });
});
