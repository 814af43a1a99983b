import { describe, expect, it } from 'vitest';
import { parseHeaderLines } from './header-lines';
import { checksHeaderSecrets, createRedactor, headerSecrets } from './redact';

describe('headerSecrets + createRedactor', () => {
  it.each([
    ['the credential after Bearer, echoed alone', { Authorization: 'Bearer s3cr3t-abc' }, 'server saw token s3cr3t-abc'],
    ['the credential after token (GitHub style)', { 'X-Api': 'token ghp_0123456789' }, '{"token":"ghp_0123456789"}'],
    ['a Basic credential, and the password it decodes to', { Authorization: `Basic ${Buffer.from('deploy:hunter22').toString('base64')}` }, 'user deploy:hunter22 / hunter22'],
    ['a value HTML-escaped in the summary', { 'X-Key': `k'<&>"1234` }, 'got k&#39;&lt;&amp;&gt;&quot;1234'],
    ['a value cut in a body excerpt', { 'X-Key': 'abcdefgh12345678' }, '(got "...........abcdefgh1234...")'],
  ])('masks %s', (_what, headers, text) => {
    const redact = createRedactor(headerSecrets(headers));
    const masked = redact(text);
    expect(masked).toContain('***');
    for (const secret of ['s3cr3t', 'ghp_0123', 'hunter22', 'k&#39;', 'abcdefgh12']) expect(masked).not.toContain(secret);
  });

  it('leaves ordinary text and non-credential header words alone', () => {
    const redact = createRedactor(headerSecrets({ Accept: 'text/html application/json' }));
    expect(redact('application/json body')).toBe('application/json body');
  });

  it('takes credential-like headers of a checks file, not content-type', () => {
    expect(checksHeaderSecrets({ checks: [{ headers: { 'content-type': 'application/json', 'X-API-Key': 'k-123456' } }] })).toEqual(['k-123456']);
  });
});

describe('parseHeaderLines', () => {
  it('refuses a control character in a value without repeating it', () => {
    const problem = parseHeaderLines('Authorization: Bearer abc\u0000def');
    expect(problem).toBe("line 1 (Authorization) has a control character in its value; header values may hold tabs but no other control character");
  });

  it('refuses a value HTTP cannot carry (beyond Latin-1)', () => {
    expect(parseHeaderLines('X-Name: ☃')).toBe("line 1 (X-Name) has a character HTTP headers cannot carry (beyond Latin-1); encode the value");
  });
});

describe('createRedactor with a very long secret', () => {
  it('masks a 20,000-character header value (and its URL spelling) without building a regular expression of it', () => {
    // Found by the fuzz (seed 7): the alternation of every spelling was "too large" for V8, and the SyntaxError quoted the secret.
    const secret = `Zq9bearer${'é'.repeat(20_000)}`;
    const redact = createRedactor([secret]);
    expect(redact(`echo: ${secret} and ${encodeURIComponent(secret)}.`)).toBe('echo: *** and ***.');
  });
});
