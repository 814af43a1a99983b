import { describe, expect, it } from 'vitest';
import { code, escapeHtml, htmlTable, link } from './summary';

describe('summary helpers', () => {
  it('escape text that could break out of the summary markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });

  it('build tables whose cells cannot inject markup', () => {
    const html = htmlTable(['branch', 'commit'], [['feature/<script>', code('abc|def')]]);
    expect(html).toBe('<table><tr><th>branch</th><th>commit</th></tr><tr><td>feature/&lt;script&gt;</td><td><code>abc|def</code></td></tr></table>\n');
  });

  it('only link http(s) targets', () => {
    expect(link('run', 'https://github.com/a/b/actions/runs/1').html).toBe('<a href="https://github.com/a/b/actions/runs/1">run</a>');
    expect(link('x', 'javascript:alert(1)').html).toBe('x');
  });
});
