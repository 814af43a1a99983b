/**
 * Variables the demo must not inherit. `GIT_*`: git exports GIT_DIR (and GIT_INDEX_FILE, ...) into
 * hooks and `git rebase -x`, and with it the demo's git would commit into the user's repository.
 * `GITHUB_*`, `RUNNER_*`, `INPUT_*`: a CI step's event, outputs and inputs, which would make the
 * demo's gate judge the user's pull request and write to the user's step outputs.
 */
const INHERITED = /^(GIT|GITHUB|RUNNER|INPUT)_/;

/**
 * The environment for the demo's own git and shipgate commands: none of the inherited variables
 * above, and no user or system git config (a `merge.verifySignatures` or a hook in ~/.gitconfig
 * must not stop a throwaway repository). `extra` is set on top.
 */
export function demoEnvironment(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !INHERITED.test(name)));
  return { ...clean, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

/**
 * Makes this process's environment the demo's (everything the in-process shipgate commands and
 * the processes they start read), and returns the undo.
 */
export function enterDemoEnvironment(extra: Record<string, string>): () => void {
  const saved = { ...process.env };
  replaceEnvironment(demoEnvironment(process.env, extra));
  return () => replaceEnvironment(saved);
}

function replaceEnvironment(next: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in next)) delete process.env[name];
  Object.assign(process.env, next);
}
