import { describe, expect, it } from 'vitest';
import { code, htmlTable, link } from '@shipgate/core';
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
});
