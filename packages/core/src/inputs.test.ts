import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from './errors';
import { DEPLOY_PLACEHOLDERS } from './command-line';
import { MAX_TIMEOUT_MS, MAX_WINDOW_MS } from './duration';
import {
  booleanInput,
  commandInput,
  commonInputs,
  durationInput,
  LINE_LIMITS,
  lineListInput,
  optionalDurationInput,
  optionalText,
  optionalUrlInput,
  parseInputs,
  percentageInput,
  requiredText,
  runnerInputs,
} from './inputs';

const schema = z.object({
  environment: requiredText('the environment name'),
  command: commandInput(DEPLOY_PLACEHOLDERS),
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
    [{ command: './deploy.sh {shaa}' }, "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it uses the unknown placeholder {shaa}; the placeholders are {sha} {ref} {version} {environment} (write {{shaa}} for the literal text {shaa})"],
    [{ environment: '' }, "Input 'environment' is required: the environment name"],
    [{ 'max-error-rate': '5' }, "Input 'max-error-rate' must be a percentage like 0.5% or a fraction like 0.005; got '5'"],
    [{ url: 'ftp://x' }, "Input 'url' must be an http:// or https:// URL without user:password@; got 'ftp://x'"],
    [{ url: 'https://deploy:pw@x.test/health' }, "Input 'url' must be an http:// or https:// URL without user:password@; got 'https://***@x.test/health'"],
  ])('%j is one clear error naming the input', (overrides, message) => {
    expect(() => parse(overrides)).toThrow(new InputError(message.replace(/^Input '[^']+' /, ''), message.split("'")[1]));
    expect(() => parse(overrides)).toThrow(message);
  });

  it('reads INPUT_<NAME> as the runner sets it: upper case, hyphens kept', () => {
    const read = runnerInputs({ 'INPUT_MAX-ERROR-RATE': ' 2% ', INPUT_ENVIRONMENT: 'prod' });
    expect(read('max-error-rate')).toBe('2%');
    expect(read('environment')).toBe('prod');
    expect(read('missing')).toBe('');
  });
});

describe('bounded durations and one-line texts', () => {
  const bounded = z.object({
    'command-timeout': durationInput({ positive: true }),
    'health-timeout': durationInput(),
    'max-age': optionalDurationInput({ max: MAX_WINDOW_MS, positive: true }),
    environment: requiredText('the environment', LINE_LIMITS.environment),
    ref: requiredText('the ref', LINE_LIMITS.ref),
    version: optionalText(LINE_LIMITS.version),
    url: optionalUrlInput(),
    'required-contexts': lineListInput(),
    'github-token': commonInputs['github-token'],
    command: commandInput(DEPLOY_PLACEHOLDERS),
  });
  const good: Record<string, string> = { 'command-timeout': '15m', 'health-timeout': '2m', 'max-age': '', environment: 'staging', ref: 'main', version: '', url: '', 'required-contexts': '', 'github-token': 'ghs_x', command: './deploy.sh {sha}' };
  const attempt = (overrides: Record<string, string>) => () => parseInputs(bounded, (name) => ({ ...good, ...overrides })[name] ?? '');

  it('accepts the values a user writes', () => {
    expect(attempt({ 'command-timeout': '24h', 'max-age': '8760h', 'required-contexts': 'ci/build, shipgate/smoke-test (staging)' })()).toMatchObject({
      'command-timeout': MAX_TIMEOUT_MS,
      'max-age': MAX_WINDOW_MS,
      'required-contexts': ['ci/build', 'shipgate/smoke-test (staging)'],
    });
  });

  it.each([
    // setTimeout fires at once above 2^31-1 ms: 600h would kill the command immediately.
    [{ 'command-timeout': '600h' }, "Input 'command-timeout' must be a duration from 1ms to 24h, like 30s or 5m; got '600h'"],
    [{ 'command-timeout': '0' }, "Input 'command-timeout' must be a duration from 1ms to 24h, like 30s or 5m; got '0'"],
    [{ 'health-timeout': '2000h' }, "Input 'health-timeout' must be a duration from 0 to 24h, like 30s or 5m; got '2000h'"],
    [{ 'max-age': '9000h' }, "Input 'max-age' must be a duration from 1ms to 8760h, like 30s or 5m; got '9000h'"],
    [{ environment: 'staging\n::add-mask::x' }, "Input 'environment' must be one line without control characters; it holds a newline (U+000A)"],
    [{ environment: 'e'.repeat(10_000) }, "Input 'environment' must be at most 255 characters (GitHub's limit for an environment name); got 10000"],
    [{ version: 'v1\u001b[2J' }, "Input 'version' must be one line without control characters; it holds an escape character (U+001B)"],
    [{ version: 'v'.repeat(129) }, "Input 'version' must be at most 128 characters (the longest image tag registries accept); got 129"],
    // A lone surrogate crashed encodeURIComponent in the GitHub client (URIError, a "bug in shipgate").
    [{ ref: 'main\ud800' }, "Input 'ref' must be valid text; it holds an unpaired surrogate (U+D800)"],
    [{ ref: '--output=/tmp/x' }, "Input 'ref' must not start with '-' (git and commands would read it as an option); got '--output=/tmp/x'"],
    [{ url: 'https://app.test/\n::stop-commands::t' }, "Input 'url' must be one line without control characters; it holds a newline (U+000A)"],
    [{ 'required-contexts': 'ci/build, a\u0000b' }, "Input 'required-contexts' must be one line without control characters; it holds a NUL character (U+0000)"],
    [{ 'github-token': 'ghs_abc\rX-Evil: 1' }, "Input 'github-token' must be a GitHub token: up to 4096 printable ASCII characters without spaces (the value is not shown)"],
    [{ 'github-token': 'tök' }, "Input 'github-token' must be a GitHub token"],
    [{ command: './deploy.sh ${{ x }}' }, "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it has a ${...} substitution shipgate cannot split"],
  ])('%j is refused with one line naming the input', (overrides, message) => {
    expect(attempt(overrides)).toThrow(message);
  });

  it('takes characters outside the BMP (a surrogate pair) as text', () => {
    expect(attempt({ ref: 'release-😀', version: '𝟙.0' })).not.toThrow();
  });

  it('never echoes a control character it refuses', () => {
    expect(attempt({ 'command-timeout': '5m\u0007' })).toThrow("got '5m\\u0007'");
  });
});
