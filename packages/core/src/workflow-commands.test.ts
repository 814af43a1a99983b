import { describe, expect, it } from 'vitest';
import { neutraliseErrorText, neutraliseWorkflowCommands } from './workflow-commands';

/** The runner's two command shapes: `::cmd::` at a line's start (after blanks) and `##[cmd]` anywhere. */
const runnerCommands = (log: string) =>
  log
    .split(/\r\n|\r|\n/)
    .flatMap((line) => [...(/^\s*::([\w-]+)/.exec(line)?.slice(1) ?? []), ...[...line.matchAll(/##\[([\w-]+)/g)].map((m) => m[1])]);

describe('neutraliseWorkflowCommands', () => {
  it.each([
    ['a newline then ::add-mask::', 'v1\n::add-mask::ghs_token'],
    ['a carriage return then ::stop-commands::', 'v1\r::stop-commands::pause'],
    ['CRLF and indentation', 'ok\r\n   ::error::fake failure'],
    ['Unicode blanks the runner trims', 'x\n\u2028\u3000::warning::y'],
    ['the legacy ##[ form mid-line', 'check ##[add-mask]secret passed'],
    ['a form feed before an indented command', 'a\n\f ::set-output name=x::y'],
  ])('stops %s from becoming a workflow command', (_what, value) => {
    expect(runnerCommands(value).length).toBeGreaterThan(0);
    expect(runnerCommands(neutraliseWorkflowCommands(value))).toEqual([]);
  });

  it('keeps ordinary text, tabs and line breaks as they were', () => {
    const text = 'Deployment 12 of abc1234 (v1.2.3) to staging\n\tpass  health: HTTP 200 in 3ms :: ok';
    expect(neutraliseWorkflowCommands(text)).toBe(text);
  });

  it('writes out terminal escapes and NULs instead of printing them', () => {
    expect(neutraliseWorkflowCommands('red\u001b[31m\u0000')).toBe('red\\u001b[31m\\u0000');
  });

  it('neutralises an error message and stack before it is reported', () => {
    const error = new Error('deploy failed: output\n::add-mask::x');
    neutraliseErrorText(error);
    expect(runnerCommands(error.message)).toEqual([]);
    expect(runnerCommands(error.stack ?? '')).toEqual([]);
  });
});
