import { describe, expect, it } from 'vitest';
import { readRunContext } from './run-context';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { code, commitCell, deploymentCell, escapeHtml, escapeMarkdownInline, fitStepSummary, fitSummary, htmlTable, link, summaryLinks, SUMMARY_LIMIT_BYTES } from './summary';

describe('summary helpers', () => {
  it('escape text that could break out of the summary markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });

  it('build tables whose cells cannot inject markup', () => {
    const html = htmlTable(['branch', 'commit'], [['feature/<script>', code('abc|def')]]);
    expect(html).toBe('<table><tr><th>branch</th><th>commit</th></tr><tr><td>feature/&lt;script&gt;</td><td><code>abc|def</code></td></tr></table>\n');
  });

  it('fold line breaks in cells onto one line, so a blank line cannot end the table and render the rest as Markdown', () => {
    const html = htmlTable(['version'], [['v1\n\n# HEADING\r\n::error::x'], [link('a\u2028b\n', 'https://example.com')]]);
    expect(html).toBe('<table><tr><th>version</th></tr><tr><td>v1  # HEADING ::error::x</td></tr><tr><td><a href="https://example.com">a b </a></td></tr></table>\n');
  });

  it('only link http(s) targets', () => {
    expect(link('run', 'https://github.com/a/b/actions/runs/1').html).toBe('<a href="https://github.com/a/b/actions/runs/1">run</a>');
    expect(link('x', 'javascript:alert(1)').html).toBe('x');
  });
});

describe('summary links', () => {
  const context = readRunContext({ GITHUB_SERVER_URL: 'https://ghe.example/', GITHUB_REPOSITORY: 'acme/app' });
  const onGitHub = summaryLinks({ backend: 'github', location: 'https://ghe.example/acme/app/deployments' }, context);

  it("point at the commit's page and the environment's page on the run's server, the environment name as one encoded path segment", () => {
    expect(onGitHub.commit('abc')).toBe('https://ghe.example/acme/app/commit/abc');
    expect(onGitHub.environment('review/pr #1')).toBe('https://ghe.example/acme/app/deployments/review%2Fpr%20%231');
    expect(deploymentCell(3, 'staging', onGitHub).html).toBe('<a href="https://ghe.example/acme/app/deployments/staging">Deployment #3</a>');
    expect(commitCell('a'.repeat(40), onGitHub, { short: true }).html).toBe(`<a href="https://ghe.example/acme/app/commit/${'a'.repeat(40)}"><code>aaaaaaa</code></a>`);
  });

  it('are plain text with the local records file, which the deployment cell names', () => {
    const local = summaryLinks({ backend: 'local', location: '/tmp/<records>.json' }, context);
    expect(local.commit('abc')).toBeUndefined();
    expect(local.environment('staging')).toBeUndefined();
    expect(deploymentCell(3, 'staging', local).html).toBe('Deployment #3 in <code>/tmp/&lt;records&gt;.json</code>');
    expect(commitCell('abc', local).html).toBe('<code>abc</code>');
  });
});

describe('fitSummary', () => {
  it('leaves a summary that fits untouched', () => {
    expect(fitSummary('### ok\n', 100)).toBe('### ok\n');
  });

  it('cuts a huge summary under the budget with a note, closing the open table and never splitting a tag or character', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [`check ${i} ✅ <&>`, 'passed']);
    const huge = `### results\n${htmlTable(['Check', 'Verdict'], rows)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(SUMMARY_LIMIT_BYTES);
    const fitted = fitSummary(huge, SUMMARY_LIMIT_BYTES);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(fitted).toContain('This summary was cut');
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.match(/<table>/g)?.length).toBe(fitted.match(/<\/table>/g)?.length);
    const body = fitted.slice(0, fitted.indexOf('</table>'));
    expect(body.lastIndexOf('<')).toBeLessThan(body.lastIndexOf('>'));
  });

  it('gives nothing when not even the note fits', () => {
    expect(fitSummary('x'.repeat(1000), 10)).toBe('');
  });
});

describe('escapeMarkdownInline', () => {
  it('escapes every mark that would make user text a link, emphasis, a tag, a heading or a mention, and folds line breaks', () => {
    expect(escapeMarkdownInline('[click](https://evil) _i_ *b* `c` ~s~ <b> #1 @me! a\\b &amp; x|y\n### h')).toBe(
      '\\[click\\]\\(https://evil\\) \\_i\\_ \\*b\\* \\`c\\` \\~s\\~ &lt;b&gt; \\#1 \\@me\\! a\\\\b &amp;amp; x\\|y \\#\\#\\# h',
    );
    expect(escapeMarkdownInline('staging-eu.1')).toBe('staging-eu.1');
  });
});

describe('fitStepSummary', () => {
  it('fits into what the step summary file leaves of 1 MiB', () => {
    const file = join(tmpdir(), `shipgate-fit-${process.pid}.md`);
    writeFileSync(file, 'x'.repeat(SUMMARY_LIMIT_BYTES - 2_000));
    const fitted = fitStepSummary('y'.repeat(10_000), file);
    expect(Buffer.byteLength(fitted)).toBeLessThan(2_000);
    expect(fitted).toContain('This summary was cut');
    rmSync(file);
    expect(fitStepSummary('small', join(tmpdir(), 'shipgate-no-such-dir', 'summary.md'))).toBe('small');
  });
});
