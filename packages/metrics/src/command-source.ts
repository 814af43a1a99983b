import { describeCommandFailure, formatDuration, InputError, runCommandForOutput, ShipgateError, splitCommand, substitutePlaceholders, type InputSource } from '@shipgate/core';
import { parsePollLine } from '@shipgate/analysis';
import type { MetricContext, MetricReading, MetricSource } from './metric-source';

const INPUT = 'metrics-command';

/**
 * A user command (Datadog, CloudWatch, a script) that prints one JSON line in exactly the format
 * `shipgate-judge` reads: `{"canary": {"requests", "errors", "slow", "p99Ms"?}, "baseline": {...}}`,
 * counts since its previous run. The line is parsed by the judge's own parser. A command that
 * fails is no data (its monitoring may be down); a line the judge cannot read is the user's to fix.
 */
export function createCommandSource(inputs: InputSource, context: MetricContext): MetricSource {
  const text = inputs(INPUT);
  if (text === '') throw new InputError('is required for the command metric source: a command printing {"canary": {...}, "baseline": {...}}', INPUT);
  const split = splitCommand(text);
  if ('problem' in split) throw new InputError(split.problem, INPUT);
  const argv = substitutePlaceholders(split.argv, {}); // no placeholders: only `{{name}}` escapes to undo
  let lastReadAt = performance.now();

  return {
    name: 'command',
    secrets: [],
    async start() {
      lastReadAt = performance.now();
    },
    async read(): Promise<MetricReading> {
      const now = performance.now();
      const windowMs = now - lastReadAt;
      lastReadAt = now;
      const result = await runCommandForOutput(argv, { timeoutMs: context.timeoutMs, stderr: context.stderr, signal: context.signal });
      const failure = describeCommandFailure(result, context.timeoutMs, formatDuration);
      if (failure) return { kind: 'no-data', reason: `${INPUT} ${failure}`, windowMs };
      const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
      const last = lines.at(-1);
      if (last === undefined) return { kind: 'no-data', reason: `${INPUT} printed nothing`, windowMs };
      let poll;
      try {
        poll = parsePollLine(last, lines.length);
      } catch (error) {
        const message = (error as Error).message.replace(/^line \d+:? ?/, '');
        throw new ShipgateError(`must print one JSON line as shipgate-judge reads it; its last line ${message}`, INPUT);
      }
      return { kind: 'data', canary: poll.canary, ...(poll.baseline ? { baseline: poll.baseline } : {}), windowMs };
    },
    async close() {},
  };
}
