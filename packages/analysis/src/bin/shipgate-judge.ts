// Black-box judge: JSON-lines polls on stdin, one verdict line per poll on stdout.
import { createInterface } from 'node:readline';
import { isShipgateError } from '@shipgate/core';
import { judgeStream, judgeUsage, parseJudgeArgs } from '../judge-cli';

async function main(): Promise<void> {
  const options = parseJudgeArgs(process.argv.slice(2));
  if (options.help) {
    console.log(judgeUsage);
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  await judgeStream(lines, options, (line) => process.stdout.write(`${line}\n`));
  lines.close();
}

main().catch((error: unknown) => {
  if (isShipgateError(error)) {
    console.error(`shipgate-judge: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 2;
  }
});
