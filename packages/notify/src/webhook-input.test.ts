import { parseInputs } from '@shipgate/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { notifyInputs } from './webhook-input';

const schema = z.object(notifyInputs);
const parse = (values: Record<string, string>) => parseInputs(schema, (name) => values[name] ?? '');

describe('notify-webhook and notify-failure-webhook', () => {
  it('take an http(s) URL, or nothing', () => {
    expect(parse({ 'notify-webhook': 'https://hooks.slack.com/services/T/B/x' })).toEqual({ 'notify-webhook': 'https://hooks.slack.com/services/T/B/x', 'notify-failure-webhook': undefined });
  });

  it.each([
    ['ftp://hooks.example/secretpart'],
    ['not a url secretpart'],
    ['https://user:secretpart@hooks.example/x'],
    ['https://hooks.example/secretpart\n::add-mask::x'],
    ['https://hooks.example/secretpart\uD800'],
  ])('refuse %j naming the input and without echoing the value', (value) => {
    let message = '';
    try {
      parse({ 'notify-failure-webhook': value });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('notify-failure-webhook');
    expect(message).toContain('must be an http:// or https:// webhook URL');
    expect(message).not.toContain('secretpart');
  });
});
