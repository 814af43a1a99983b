// Black-box judge: JSON-lines polls on stdin, one verdict line per poll on stdout.
import { runJudgeCli } from '../judge-cli';

process.exitCode = await runJudgeCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
