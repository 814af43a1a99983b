import { describe, expect, it } from 'vitest';
import { DEPLOY_PLACEHOLDERS, WEIGHT_PLACEHOLDERS, placeholdersUsed, splitCommand, substitutePlaceholders, type PlaceholderName } from './command-line';

const argv = (text: string, placeholders: readonly PlaceholderName[] = DEPLOY_PLACEHOLDERS) => {
  const result = splitCommand(text, placeholders);
  if ('problem' in result) throw new Error(result.problem);
  return result.argv;
};

describe('splitCommand', () => {
  it('splits like a shell: quotes and escapes', () => {
    expect(argv(`flyctl deploy --app "my app" --label 'a b' c\\ d`)).toEqual(['flyctl', 'deploy', '--app', 'my app', '--label', 'a b', 'c d']);
  });

  it('keeps globs literal: nothing is expanded', () => {
    expect(argv('echo *.txt')).toEqual(['echo', '*.txt']);
  });

  it.each(['echo $HOME', 'echo "${HOME}/x"'])('refuses variables in %j, which no shell will expand', (text) => {
    expect(splitCommand(text)).toEqual({ problem: expect.stringContaining('uses the variable $HOME') });
  });

  it.each([
    ['"unterminated {sha}', '"'],
    ["deploy --label 'a b {sha}", "'"],
    ['deploy "a \\" {sha}', '"'],
  ])('refuses %j, whose %s quote is never closed', (text, quote) => {
    expect(splitCommand(text)).toEqual({ problem: `has a ${quote} quote that is never closed; close it, or escape it with a backslash if it is part of an argument` });
  });

  it('reads quotes inside other quotes and escaped quotes as text', () => {
    expect(argv(`say "it's" 'a "b"' c\\'d "e\\"f"`)).toEqual(['say', "it's", 'a "b"', "c'd", 'e"f']);
  });

  it("refuses an unquoted '#' instead of dropping the rest of the command as a comment", () => {
    expect(splitCommand('deploy.sh --url https://x.test/#/app {sha}')).toEqual({ problem: expect.stringContaining("unquoted '#'") });
    expect(argv("deploy.sh --url 'https://x.test/#/app' {sha}")).toEqual(['deploy.sh', '--url', 'https://x.test/#/app', '{sha}']);
  });

  it.each([';', '&&', '|', '>', '||', '&'])('refuses the shell operator %s', (op) => {
    const result = splitCommand(`deploy.sh ${op} rm -rf x`);
    expect(result).toEqual({ problem: expect.stringContaining(`'${op}'`) });
  });

  it('refuses an empty command', () => {
    expect(splitCommand('   ')).toEqual({ problem: 'is empty' });
  });
});

describe('substitutePlaceholders', () => {
  it('fills placeholders inside already-split arguments, so values cannot inject words or commands', () => {
    const template = argv('./deploy.sh --version={version} {sha} {environment}');
    const out = substitutePlaceholders(template, { version: 'v1; touch x', sha: '$(reboot)', environment: 'staging' });
    expect(out).toEqual(['./deploy.sh', '--version=v1; touch x', '$(reboot)', 'staging']);
  });

  it('leaves braces that are not a {name} alone: JSON, jsonpath, Go templates with spaces, regex counts', () => {
    const template = argv(`kubectl patch x -p '{"w": {"canary": 1}}' -o jsonpath='{.spec.w}' --format '{{ .Name }}' 'a{3}' {sha}`);
    expect(substitutePlaceholders(template, { sha: 'abc' })).toEqual(['kubectl', 'patch', 'x', '-p', '{"w": {"canary": 1}}', '-o', 'jsonpath={.spec.w}', '--format', '{{ .Name }}', 'a{3}', 'abc']);
  });

  it('turns {{name}} into the literal text {name}, without substituting it', () => {
    const template = argv(`kubectl get x -o jsonpath='{range .items[*]}{.w}{{end}}' {{sha}}={sha}`);
    expect(substitutePlaceholders(template, { sha: 'abc' })).toEqual(['kubectl', 'get', 'x', '-o', 'jsonpath={range .items[*]}{.w}{end}', '{sha}=abc']);
  });
});

describe('placeholders a command does not know', () => {
  it('refuses a misspelled placeholder, listing the ones it knows and the literal spelling', () => {
    expect(splitCommand('./deploy.sh {shaa}', DEPLOY_PLACEHOLDERS)).toEqual({
      problem: 'uses the unknown placeholder {shaa}; the placeholders are {sha} {ref} {version} {environment} (write {{shaa}} for the literal text {shaa})',
    });
  });

  it("refuses another command's placeholder: {sha} means nothing to a set-weight-command", () => {
    expect(splitCommand('router set {sha} {weight}', WEIGHT_PLACEHOLDERS)).toEqual({ problem: expect.stringContaining('the placeholders are {weight} {stable-weight}') });
    expect(splitCommand('router set {weight} {stable-weight}', WEIGHT_PLACEHOLDERS)).toEqual({ argv: ['router', 'set', '{weight}', '{stable-weight}'] });
  });

  it('refuses any {name} in a command that takes no placeholders, and accepts its escaped form', () => {
    expect(splitCommand('nginx -s {signal}')).toEqual({ problem: 'uses {signal}, but this command takes no placeholders (write {{signal}} for the literal text {signal})' });
    expect(splitCommand('nginx -s {{signal}}')).toEqual({ argv: ['nginx', '-s', '{{signal}}'] });
  });

  it('finds an unknown placeholder inside a quoted argument too', () => {
    expect(splitCommand(`bash -c 'deploy {verison}'`, DEPLOY_PLACEHOLDERS)).toEqual({ problem: expect.stringContaining('{verison}') });
  });
});

describe('placeholdersUsed', () => {
  it('names the placeholders a command really uses, not their {{escaped}} text nor the shell\'s ${name}', () => {
    expect(placeholdersUsed(argv('router set {weight} {stable-weight} {weight}', WEIGHT_PLACEHOLDERS))).toEqual(['weight', 'stable-weight']);
    expect(placeholdersUsed(argv('router set {{weight}}'))).toEqual([]);
    expect(placeholdersUsed(argv(`bash -c 'echo \${weight}'`))).toEqual([]);
  });
});

describe("the shell's ${name} inside bash -c '...'", () => {
  it('is not a placeholder: it passes through to the shell as written', () => {
    const template = argv(`bash -c 'echo \${HOME} \${{HOME}} {sha}'`, DEPLOY_PLACEHOLDERS);
    expect(template).toEqual(['bash', '-c', 'echo ${HOME} ${{HOME}} {sha}']);
    expect(substitutePlaceholders(template, { sha: 'abc' })).toEqual(['bash', '-c', 'echo ${HOME} ${{HOME}} abc']);
  });
});

describe('an explicit shell, when the user asks for one', () => {
  it('keeps the quoted script one argument, so values still arrive as arguments', () => {
    const template = argv(`bash -c './build.sh && ./push.sh "$1"' _ {version}`);
    expect(template).toEqual(['bash', '-c', './build.sh && ./push.sh "$1"', '_', '{version}']);
    expect(substitutePlaceholders(template, { version: 'v1; rm -rf /' })[4]).toBe('v1; rm -rf /');
  });
});
