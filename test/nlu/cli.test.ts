import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

const ROOT = projectRoot(__dirname);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `hotline classify` as a real process (the TypeScript source through tsx), fed `input`. */
function classify(input: Buffer | string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts'), 'classify'],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function lines(run: Run): Record<string, unknown>[] {
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function errorCode(answer: Record<string, unknown> | undefined): unknown {
  const error = answer?.['error'];
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

describe('hotline classify (CLI)', function () {
  this.timeout(30000);

  it('answers every plain-text line with one classification line and nothing else', async () => {
    const run = await classify(
      '小区物业乱收费\n停电了 什么时候来电\nThe street lights on my road are out\n',
    );
    assert.equal(run.code, 0, run.stderr);
    const answers = lines(run);
    assert.equal(answers.length, 3);
    for (const answer of answers) {
      assert.ok(
        typeof answer['department'] === 'string',
        "typeof answer['department'] === 'string'",
      );
      assert.ok(
        typeof answer['confidence'] === 'number',
        "typeof answer['confidence'] === 'number'",
      );
      assert.ok(Array.isArray(answer['alternatives']), "Array.isArray(answer['alternatives'])");
      assert.equal(answer['emergency'], false);
    }
    assert.equal(answers[2]?.['lang'], 'en');
  });

  it('reads JSON lines by their text field and echoes their id', async () => {
    const run = await classify('{"text":"着火了 快来人","id":"a1"}\n{"text":"燃气费怎么交"}\n');
    const [fire, gas] = lines(run);
    assert.equal(fire?.['id'], 'a1');
    assert.equal(fire?.['emergency'], true);
    assert.equal(fire?.['department'], null);
    assert.equal(gas?.['department'], 'gas');
  });

  it('explains each alarm with its evidence, and raises none for punctuation', async () => {
    const run = await classify('着火了 快来人\n？？\n有个人站在楼顶边上一直往下看\n');
    const [fire, marks, roof] = lines(run);
    assert.deepEqual(fire?.['emergencyEvidence'], { source: 'cue', matched: '着火' });
    assert.equal(marks?.['emergency'], false);
    assert.equal(marks?.['emergencyEvidence'], null);
    assert.equal(roof?.['emergencyKind'], 'suicide');
    assert.equal((roof?.['emergencyEvidence'] as { source: string }).source, 'cue');
  });

  it('gives bad lines an error answer in their place and goes on', async () => {
    const input = Buffer.concat([
      Buffer.from('停水了\n\n'),
      Buffer.from(`${'投诉'.repeat(50000)}\n`),
      Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x0a]),
      Buffer.from('{"text": \n{"id": 3}\n'),
      Buffer.from('谢谢'),
    ]);
    const run = await classify(input);
    assert.equal(run.code, 0, run.stderr);
    const answers = lines(run);
    assert.equal(answers.length, 7);
    assert.equal(answers[0]?.['department'], 'water');
    assert.deepEqual(answers.slice(1, 6).map(errorCode), [
      'EMPTY_INPUT',
      'TOO_LONG',
      'NOT_TEXT',
      'INVALID_JSON',
      'INVALID_JSON',
    ]);
    assert.equal(answers[6]?.['meta'], 'thanks');
  });

  it('handles a 100 kB line of ASCII with one error line', async () => {
    const run = await classify(`${'a'.repeat(100_000)}\n`);
    assert.deepEqual(lines(run).map(errorCode), ['TOO_LONG']);
  });

  it('stops quietly when the reader goes away', async () => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts'), 'classify'],
      {
        cwd: ROOT,
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => undefined);
    child.stdin.write('停水了\n'.repeat(20000));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  });
});
