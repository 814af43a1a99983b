import { appendFileSync } from 'node:fs';

/**
 * Runs `work` with everything it prints going to `file`: the demo prints one line per stage.
 * `onText` sees each piece of text as it is written (the demo keeps a command's `error:` line).
 */
export async function captureOutput<T>(file: string, work: () => Promise<T>, onText: (text: string) => void = () => {}): Promise<T> {
  const { log, error } = console;
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const append = (chunk: unknown) => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
    appendFileSync(file, text);
    onText(text);
    return true;
  };
  console.log = (...args: unknown[]) => append(`${args.join(' ')}\n`);
  console.error = console.log;
  process.stdout.write = append as typeof process.stdout.write;
  process.stderr.write = append as typeof process.stderr.write;
  try {
    return await work();
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
