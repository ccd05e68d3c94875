// `npm test`: every check of the project, in stages. A stage of several scripts runs them at
// once (they don't depend on each other and leave the cores idle at times on their own); each
// one's output is held and printed whole when it ends, so a failure reads as if it ran alone.
// A failed stage ends the run after its scripts have finished; later stages don't start.
import { spawn } from 'node:child_process';

// Types and lint are single-threaded and leave a core idle once types finish; the contract
// suite (a few seconds against an in-process local Logto, needing neither) fills it.
const STAGES: string[][] = [['typecheck', 'lint', 'test:contract'], ['test:unit'], ['test:e2e']];

type Result = { script: string; code: number; seconds: number };

function run(script: string, { buffered }: { buffered: boolean }): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code, signal) => {
      const result = { script, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 };
      if (buffered) {
        process.stdout.write(`\n── npm run ${script} ${result.code === 0 ? 'passed' : `FAILED (exit ${result.code})`} ──\n`);
        process.stdout.write(Buffer.concat(chunks));
      }
      resolve(result);
    });
  });
}

async function main() {
  const results: Result[] = [];
  const started = performance.now();
  for (const stage of STAGES) {
    const buffered = stage.length > 1;
    process.stdout.write(`\n▶ ${stage.map((script) => `npm run ${script}`).join(' + ')}${buffered ? ' (at once; each output follows when it ends)' : ''}\n`);
    const stageResults = await Promise.all(stage.map((script) => run(script, { buffered })));
    results.push(...stageResults);
    if (stageResults.some((result) => result.code !== 0)) break;
    // Types are checked: the end-to-end suite's `next build` needn't check them again (next.config.ts).
    if (stage.includes('typecheck')) process.env.NEXT_BUILD_SKIP_TYPECHECK = '1';
  }
  const failed = results.filter((result) => result.code !== 0);
  process.stdout.write('\n');
  for (const result of results) {
    process.stdout.write(`${result.code === 0 ? 'passed' : 'FAILED'}  ${result.script.padEnd(14)} ${result.seconds.toFixed(0).padStart(5)} s\n`);
  }
  process.stdout.write(`${failed.length === 0 ? 'all passed' : `failed: ${failed.map((result) => result.script).join(', ')}`} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

void main();
