import { judgeStream } from '@shipgate/analysis';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCommandSource } from './command-source';
import { readingToPoll } from './metric-source';

const node = JSON.stringify(process.execPath);
const context = { timeoutMs: 10_000, log: () => {}, stderr: new PassThrough() };
const sourceFor = (script: string) => createCommandSource((name) => (name === 'metrics-command' ? `${node} -e ${JSON.stringify(script)}` : ''), context);

describe('command metric source', () => {
  it('reads the last line of the command in the format shipgate-judge reads', async () => {
    const line = { canary: { requests: 120, errors: 1, slow: 3, p99Ms: 180 }, baseline: { requests: 880, errors: 4, slow: 9 } };
    const source = sourceFor(`console.log('querying Datadog...'); console.log(${JSON.stringify(JSON.stringify(line))})`);
    await source.start();
    const reading = await source.read();
    expect(reading).toMatchObject({ kind: 'data', ...line });
    if (reading.kind !== 'data') return;
    // The same line fed to shipgate-judge gives the same poll.
    const written: string[] = [];
    const poll = readingToPoll(reading);
    async function* lines() {
      yield JSON.stringify(poll);
    }
    await judgeStream(lines(), { minRequests: 100 }, (out) => written.push(out));
    expect(JSON.parse(written[0] as string)).toMatchObject({ poll: 1, verdict: expect.any(String) });
    expect(poll).toEqual(line);
  });

  it('reports a failing command as no data, never as zero errors', async () => {
    const reading = await sourceFor(`console.error('datadog: 503'); process.exit(2)`).read();
    expect(reading).toMatchObject({ kind: 'no-data', reason: 'metrics-command command exited with code 2: datadog: 503' });
    expect(await sourceFor('').read()).toMatchObject({ kind: 'no-data', reason: 'metrics-command printed nothing' });
  });

  it('refuses a line shipgate-judge cannot read, naming metrics-command', async () => {
    await expect(sourceFor(`console.log('{"canary": {"requests": 10}}')`).read()).rejects.toThrow(
      /^Input 'metrics-command' must print one JSON line as shipgate-judge reads it; its last line canary\.errors .*expected \{"canary"/,
    );
    await expect(sourceFor(`console.log('requests=10')`).read()).rejects.toThrow(/^Input 'metrics-command' must print one JSON line .*is not JSON: requests=10/);
    expect(() => createCommandSource(() => '', context)).toThrow(/^Input 'metrics-command' is required/);
  });
});

describe('placeholders in metrics-command', () => {
  it('refuses any {name}, which nothing would fill in, and passes {{name}} on as {name}', async () => {
    expect(() => createCommandSource(() => `${node} -e "" {track}`, context)).toThrow(
      "Input 'metrics-command' uses {track}, but this command takes no placeholders (write {{track}} for the literal text {track})",
    );
    const line = JSON.stringify({ canary: { requests: 1, errors: 0, slow: 0 }, baseline: { requests: 1, errors: 0, slow: 0 } });
    const echo = `console.log(process.argv[1] === '{' + 'track}' ? ${JSON.stringify(line)} : 'wrong')`;
    const source = createCommandSource(() => `${node} -e ${JSON.stringify(echo)} {{track}}`, context);
    expect(await source.read()).toMatchObject({ kind: 'data' });
  });
});
