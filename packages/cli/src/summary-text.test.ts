import { describe, expect, it } from 'vitest';
import { code, escapeMarkdownInline, htmlTable, link } from '@shipgate/core';
import { summaryText } from './summary-text';

describe('summaryText', () => {
  it('renders an HTML table as aligned columns, without its blank header row, links with their address', () => {
    const markdown = `### ✅ shipgate deploy to staging\n\n${htmlTable(['', ''], [
      ['Environment', 'staging & <qa>'],
      ['Commit', code('abc123')],
      ['URL', link('app', 'https://app.test/?a=1&b=2')],
    ])}`;
    expect(summaryText(markdown)).toBe(['✅ shipgate deploy to staging', '', 'Environment  staging & <qa>', 'Commit       abc123', 'URL          app (https://app.test/?a=1&b=2)'].join('\n'));
  });

  it('renders a Markdown table as aligned columns, without the |---| line', () => {
    const markdown = '| Check | Result |\n|---|:--:|\n| health | ✅ 200 |\n| home page a\\|b | ❌ 503 |\n';
    expect(summaryText(markdown)).toBe(['Check          Result', 'health         ✅ 200', 'home page a|b  ❌ 503'].join('\n'));
  });

  it('drops Markdown marks and keeps lists and alerts readable', () => {
    expect(summaryText('> [!WARNING]\n> cut at **1 MiB**, see [the log](https://x.test/log)\n- `one`\n')).toBe('warning:\ncut at 1 MiB, see the log (https://x.test/log)\n- one');
  });

  it('stacks the rows of a table too wide for a terminal, keeping an icon column with the name', () => {
    const long = 'x'.repeat(100);
    const markdown = htmlTable(['', 'Check', 'Result', 'Evidence'], [
      ['✅', 'health', long, ''],
      ['❌', 'home', 'answered 503', 'GET /'],
    ]);
    expect(summaryText(markdown)).toBe(['✅ health', `    Result: ${long}`, '❌ home', '    Result: answered 503', '    Evidence: GET /'].join('\n'));
  });

  it('keeps an icon-only first column with the next cell even under a header (the gate\'s Passed), and shows <br> as "; "', () => {
    const long = 'x'.repeat(100);
    const markdown = htmlTable(['Passed', 'Check', 'Detail', 'Evidence'], [
      ['✅', 'smoke test', long, { html: 'run: <a href="https://x.test/r">1</a><br>status: ok' }],
    ]);
    expect(summaryText(markdown)).toBe(['✅ smoke test', `    Detail: ${long}`, '    Evidence: run: 1 (https://x.test/r); status: ok'].join('\n'));
  });

  it('shows a mermaid chart as one line naming it, and other fenced blocks as written', () => {
    const markdown = ['Lines: weight.', '', '```mermaid', 'xychart-beta', '    title "Canary weight (%)"', '    line [1, 2]', '```', '', '```', '**not bold** | x', '```'].join('\n');
    expect(summaryText(markdown)).toBe(['Lines: weight.', '', '(chart: Canary weight (%) — see the job summary on GitHub)', '', '    **not bold** | x'].join('\n'));
  });

  it('shows escaped Markdown in headings and lines as the text the user gave, not as a link', () => {
    const environment = '[click](https://evil.test) _i_ <b>';
    expect(summaryText(`### ✅ shipgate deploy to ${escapeMarkdownInline(environment)}\n\nreason: ${escapeMarkdownInline('a*b*')}`)).toBe(`✅ shipgate deploy to ${environment}\n\nreason: a*b*`);
  });
});
