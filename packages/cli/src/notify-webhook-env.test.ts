import { describe, expect, it } from 'vitest';
import { commandInputs } from './run-command-line';

describe('the CLI takes the webhook URLs from the environment', () => {
  const url = 'https://hooks.slack.com/services/T000/B000/fromTheEnvironment';
  it('SHIPGATE_NOTIFY_WEBHOOK and SHIPGATE_NOTIFY_FAILURE_WEBHOOK fill in the inputs, so the URL is not in argv (ps) or the shell history', () => {
    const inputs = commandInputs('staging-deploy', { command: 'true' }, { SHIPGATE_NOTIFY_WEBHOOK: url, SHIPGATE_NOTIFY_FAILURE_WEBHOOK: `${url}2` });
    expect(inputs['notify-webhook']).toBe(url);
    expect(inputs['notify-failure-webhook']).toBe(`${url}2`);
  });

  it('an option given on the command line wins', () => {
    const inputs = commandInputs('staging-deploy', { command: 'true', 'notify-webhook': 'https://example.test/hook' }, { SHIPGATE_NOTIFY_WEBHOOK: url });
    expect(inputs['notify-webhook']).toBe('https://example.test/hook');
  });
});
