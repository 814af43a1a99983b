import { describe, expect, it } from 'vitest';
import { buildMessage } from './message';
import { isIncident, type NotifyEvent } from './notify-event';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN = 'https://github.com/acme/app/actions/runs/42';
const base = { environment: 'staging', version: 'v1.2.3', sha: SHA, repository: 'acme/app', runUrl: RUN };

const sectionOf = (event: NotifyEvent) => {
  const [section] = buildMessage(event).blocks;
  return section?.type === 'section' ? section.text.text : '';
};
const contextOf = (event: NotifyEvent) => {
  const context = buildMessage(event).blocks[1];
  return context?.type === 'context' ? context.elements.map((e) => e.text).join(' ') : '';
};

describe('the message a Slack, Mattermost or Discord user sees', () => {
  it('says what happened, which version and sha, where, and links the run, in text and blocks', () => {
    const event: NotifyEvent = { ...base, kind: 'deploy-succeeded' };
    const message = buildMessage(event);
    expect(message.text).toBe(`✅ Deployed v1.2.3 (0123456) to staging\nacme/app run: ${RUN}`);
    expect(sectionOf(event)).toBe('✅ *Deployed v1.2.3 (0123456) to staging*');
    expect(contextOf(event)).toContain(`<${RUN}|run log>`);
  });

  it('gives the reason of a failure in both the text (Mattermost, Discord) and the blocks (Slack)', () => {
    const event: NotifyEvent = { ...base, kind: 'deploy-failed', reason: 'health check failed: HTTP 503 after 30s' };
    expect(buildMessage(event).text).toContain('❌ Deploy of v1.2.3 (0123456) to staging failed\nReason: health check failed: HTTP 503 after 30s');
    expect(sectionOf(event)).toContain('*Reason:* health check failed: HTTP 503 after 30s');
  });

  it('names both versions of a rollback', () => {
    const event: NotifyEvent = { ...base, kind: 'rollback-succeeded', environment: 'production', version: 'v1.2.2', sha: '9'.repeat(40), from: { version: 'v1.2.3', sha: SHA }, reason: 'error rate 5%' };
    expect(buildMessage(event).text).toMatch(/^⏪ Rolled back production from v1\.2\.3 \(0123456\) to v1\.2\.2 \(9999999\)\nReason: error rate 5%/);
  });

  it('shows the short sha once when the version is the sha (a canary)', () => {
    const event: NotifyEvent = { ...base, kind: 'canary-paused', version: SHA.slice(0, 7), weight: 25, reason: 'error rate above 1%' };
    expect(buildMessage(event).text.split('\n')[0]).toBe('⏸️ Canary 0123456 failed in staging: paused with 25% of traffic on it for you to inspect');
  });

  it('turns a hostile version label into plain text: no link, no channel mention, one line', () => {
    const event: NotifyEvent = { ...base, kind: 'deploy-started', version: '<!channel> <https://evil.example|click> @here & @everyone\n*boom*' };
    const message = buildMessage(event);
    for (const text of [message.text, sectionOf(event)]) expect(text).not.toMatch(/<!channel>|<https:\/\/evil|@here|@everyone/);
    expect(message.text).toContain('&lt;!channel&gt; &lt;https://evil.example\\|click&gt; @\u2060here &amp; @\u2060everyone \\*boom\\*');
    expect(sectionOf(event)).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt; @\u2060here &amp; @\u2060everyone \u2217boom\u2217');
    // The version is on the first line, the run link on the second: the newline did not split it.
    expect(message.text.split('\n')).toHaveLength(2);
  });

  it('a Markdown link, image or emphasis in a version or reason is shown as typed: escaped for Markdown in text, for mrkdwn in blocks', () => {
    const hostile = '[Approve](https://evil.example) ![px](https://evil.example/p.png) **x** _y_ ~z~ `c` # h | t \\';
    const event: NotifyEvent = { ...base, kind: 'deploy-failed', version: hostile, reason: hostile };
    const { text } = buildMessage(event);
    const escaped = '\\[Approve\\](https://evil.example) !\\[px\\](https://evil.example/p.png) \\*\\*x\\*\\* \\_y\\_ \\~z\\~ \\`c\\` \\# h \\| t \\\\';
    expect(text).toContain(`❌ Deploy of ${escaped} (0123456) to staging failed`);
    expect(text).toContain(`Reason: ${escaped}`);
    // No unescaped `[` or `*`: Mattermost and Discord can form no link, image or bold from it.
    expect(text).not.toMatch(/(^|[^\\])(\\\\)*[[*]/);
    const section = sectionOf(event);
    expect(section).toContain('[Approve](https://evil.example) ![px](https://evil.example/p.png) \u2217\u2217x\u2217\u2217 \u02CDy\u02CD \u223Cz\u223C \u02CBc\u02CB # h | t \\');
    // Only shipgate's own bold is left in the blocks.
    expect(section.match(/\*/g)).toHaveLength(4);
  });

  it('strips bidirectional controls, which could make a value read backwards', () => {
    const event: NotifyEvent = { ...base, kind: 'deploy-failed', version: 'v1\u202Egnp.exe\u202C\u2066x\u2069\u200E\u200F', reason: 'a\u202Bb' };
    const message = buildMessage(event);
    for (const text of [message.text, sectionOf(event)]) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
      expect(text).toContain('v1gnp.exex (0123456)');
      expect(text).toContain('ab');
    }
  });

  it('escapes a reason, then cuts it on an escape boundary', () => {
    const event: NotifyEvent = { ...base, kind: 'deploy-failed', reason: `<@U123> ${'x'.repeat(2000)}` };
    const text = buildMessage(event).text;
    expect(text).toContain('Reason: &lt;@\u2060U123&gt; xxx');
    expect(text.length).toBeLessThan(800);
    expect(text).toContain('x…\nacme/app run:');
  });

  it('stays within Discord\'s 2,000 characters (text) and Slack\'s 3,000 (a section) however long the escaped values are, no entity cut in two', () => {
    for (const kind of ['deploy-failed', 'rollback-failed'] as const) {
      const event: NotifyEvent = { ...base, kind, version: '&'.repeat(128), from: { version: '&'.repeat(128), sha: SHA }, environment: '@'.repeat(64), reason: '<'.repeat(512) };
      const message = buildMessage(event);
      const section = sectionOf(event);
      expect(message.text.length).toBeLessThanOrEqual(2_000);
      expect(section.length).toBeLessThanOrEqual(3_000);
      for (const text of [message.text, section]) {
        // Every `&` starts a whole entity, and every `@` keeps its word joiner.
        expect(text.match(/&(?!amp;|lt;|gt;)/g)).toBeNull();
        expect(text.match(/@(?!\u2060)/g)).toBeNull();
      }
      expect(message.text).toMatch(/Reason: (&lt;)+…/);
      expect(message.text).toContain(`acme/app run: ${RUN}`);
    }
  });

  it('sends the text even without a run link (a local run)', () => {
    const message = buildMessage({ kind: 'canary-started', environment: 'production', version: 'abc1234', sha: `abc1234${'0'.repeat(33)}` });
    expect(message.text).toBe('🐤 Canary abc1234 started in production');
  });
});

describe('which events are incidents (notify-failure-webhook)', () => {
  it('failures, stops and every rollback message; not starts, successes or promotions', () => {
    expect(['deploy-failed', 'canary-rolled-back', 'canary-paused', 'canary-aborted', 'rollback-started', 'rollback-succeeded', 'rollback-failed'].every((k) => isIncident(k as NotifyEvent['kind']))).toBe(true);
    expect(['deploy-started', 'deploy-succeeded', 'canary-started', 'canary-promoted'].some((k) => isIncident(k as NotifyEvent['kind']))).toBe(false);
  });
});
