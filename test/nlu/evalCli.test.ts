import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

const ROOT = projectRoot(__dirname);
/** A tiny intents/ tree with train, test and an independent eval set (never the real one). */
const FIXTURE = join(ROOT, 'test', 'fixtures', 'eval-intents');

function evaluate(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        join(ROOT, 'src', 'cli', 'main.ts'),
        'eval',
        '--intents',
        FIXTURE,
        '--folds',
        '2',
        '--no-baseline',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('hotline eval with an independent set (intents/eval)', function () {
  this.timeout(120000);
  let run: Awaited<ReturnType<typeof evaluate>>;
  before(async () => {
    run = await evaluate();
  });

  const row = (label: string): string[] => {
    const line = run.stdout.split('\n').find((l) => l.startsWith(`| ${label} |`));
    assert.ok(line, `no row "${label}" in:\n${run.stdout}`);
    return line.split('|').map((cell) => cell.trim());
  };

  it('puts cross-validation, the test set and the independent set side by side', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(row('metric').slice(3, 6), [
      'CV 2-fold (train)',
      'test',
      'eval (independent)',
    ]);
  });

  it('drops eval lines that repeat or nearly repeat a training line, and says how many', () => {
    assert.match(run.stderr, /dropped 2 near-duplicates/);
    assert.match(run.stdout, /after dropping 2 lines that duplicate or nearly duplicate/);
    assert.equal(row('department top-1')[5], '100.0% (4/4)');
  });

  it('reports triage recall and false alarms on routine requests, form answers, punctuation and greetings', () => {
    assert.equal(row('emergency recall')[5], '100.0% (2/2)');
    assert.equal(row('false alarms (form answers)')[5], '0.0% (0/3)');
    assert.equal(row('false alarms (punctuation, emoji)')[5], '0.0% (0/2)');
    assert.equal(row('false alarms (greetings)')[5], '0.0% (0/1)');
    assert.equal(row('false alarms (routine requests)')[5], '0.0% (0/5)');
  });
});
