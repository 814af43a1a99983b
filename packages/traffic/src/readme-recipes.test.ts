import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { splitCommand, substitutePlaceholders, WEIGHT_PLACEHOLDERS } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRouter } from './routers';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const recipes = readme.slice(readme.indexOf('### Recipes'), readme.indexOf('## nginx'));
const snippets = [...recipes.matchAll(/```yaml\n([^]*?)```/g)].map((match) => match[1] as string);

interface Step {
  uses: string;
  with: Record<string, string>;
}

describe('README recipes for the command router', () => {
  it('has the four recipes', () => {
    const commands = snippets.map((snippet) => (parse(snippet) as Step[])[0]?.with['set-weight-command'] ?? '');
    expect(commands.map((command) => command.split(' ').slice(0, 3).join(' '))).toEqual([
      'kubectl patch httproute',
      'aws elbv2 modify-listener',
      'flyctl secrets set',
      "bash -c 'if",
    ]);
  });

  for (const snippet of snippets) {
    const step = (parse(snippet) as Step[])[0] as Step;
    const name = step.with['set-weight-command']?.split(' ').slice(0, 3).join(' ');
    it(`${name}: parses as YAML, splits without a shell, and fills in valid JSON`, () => {
      expect(step.uses).toMatch(/\/actions\/canary-step@v1$/);
      expect(step.with.router).toBe('command');
      // The router itself accepts the inputs (it validates both commands).
      const router = createRouter('command', (input) => step.with[input] ?? '', { timeoutMs: 1000, log: () => {}, stdout: new PassThrough(), stderr: new PassThrough() });
      expect(router.name).toBe('command');
      for (const input of ['set-weight-command', 'get-weight-command'] as const) {
        const text = step.with[input];
        if (text === undefined) continue;
        const split = splitCommand(text, input === 'set-weight-command' ? WEIGHT_PLACEHOLDERS : []);
        if ('problem' in split) throw new Error(`${input}: ${split.problem}`);
        const argv = substitutePlaceholders(split.argv, { weight: '25', 'stable-weight': '75' });
        expect(argv.join(' ')).not.toMatch(/\{(stable-)?weight\}/);
        for (const arg of argv.filter((a) => /^[[{]"?/.test(a) && a.includes('"'))) expect(() => JSON.parse(arg), arg).not.toThrow();
      }
    });
  }

  it('fills the weights into the right places', () => {
    const [gateway, alb, fly, argo] = snippets.map((snippet) => (parse(snippet) as Step[])[0] as Step);
    const filled = (step: Step | undefined) => {
      const split = splitCommand(step?.with['set-weight-command'] ?? '', WEIGHT_PLACEHOLDERS);
      if ('problem' in split) throw new Error(split.problem);
      return substitutePlaceholders(split.argv, { weight: '25', 'stable-weight': '75' });
    };
    const patch = JSON.parse(filled(gateway).at(-1) as string) as Array<{ path: string; value: number }>;
    expect(patch).toEqual([
      { op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 75 },
      { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 25 },
    ]);
    const actions = JSON.parse(filled(alb).at(-1) as string) as Array<{ ForwardConfig: { TargetGroups: Array<{ TargetGroupArn: string; Weight: number }> } }>;
    expect(actions[0]?.ForwardConfig.TargetGroups.map((group) => [group.TargetGroupArn.split('/')[1], group.Weight])).toEqual([
      ['my-app-stable', 75],
      ['my-app-canary', 25],
    ]);
    expect(filled(fly)).toEqual(['flyctl', 'secrets', 'set', 'API_V2_TRAFFIC_PERCENTAGE=25', '--app', 'my-api']);
    expect(filled(argo).slice(0, 2)).toEqual(['bash', '-c']);
    expect(filled(argo).slice(3)).toEqual(['set-weight', '25']);
    expect(filled(argo)[2]).toContain('if [ "$1" = 0 ]; then exec kubectl argo rollouts abort my-app');
  });
});
