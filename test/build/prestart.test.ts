import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

const ROOT = projectRoot(__dirname);
const SCRIPTS = ['build-stamp.js', 'postbuild.js', 'prestart.js'];

/**
 * bin/prestart.js on a small project of the same shape (src/, dialogs/, tsconfig, the real bin/
 * scripts and build command), so a real tsc runs in a second or two instead of the whole bot's.
 */
describe('npm start before the server (bin/prestart.js)', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prestart-'));
    mkdirSync(join(dir, 'bin'));
    for (const name of SCRIPTS) copyFileSync(join(ROOT, 'bin', name), join(dir, 'bin', name));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'dialogs'));
    writeMain('trained');
    writeFileSync(join(dir, 'dialogs', 'step.ts'), 'export const STEP = 1;\n');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'prestart-fixture',
        private: true,
        scripts: { build: 'tsc -p tsconfig.build.json && node bin/postbuild.js' },
      }),
    );
    const compilerOptions = {
      target: 'ES2022',
      module: 'commonjs',
      outDir: 'dist',
      rootDir: '.',
      types: ['node'],
      skipLibCheck: true,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    writeFileSync(
      join(dir, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src', 'dialogs'] }),
    );
    withDevTools();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeMain(word: string): void {
    writeFileSync(
      join(dir, 'src', 'cli', 'main.ts'),
      `console.log('${word} ' + process.argv.slice(2).join(' '));\n`,
    );
  }

  function withDevTools(): void {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  }

  /** What `npm ci --omit=dev` leaves of the tools: neither typescript nor botframework-webchat. */
  function withoutDevTools(): void {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    mkdirSync(join(dir, 'node_modules'));
  }

  function prestart(): { status: number | null; out: string; err: string } {
    const run = spawnSync(process.execPath, [join(dir, 'bin', 'prestart.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
    });
    return { status: run.status, out: run.stdout, err: run.stderr };
  }

  const compiledMain = (): string => join(dir, 'dist', 'src', 'cli', 'main.js');

  it('builds a fresh checkout, copies Web Chat into dist/web and retrains if stale', () => {
    const run = prestart();
    assert.equal(run.status, 0, run.err);
    assert.match(run.out, /building: dist\/ has no build stamp/);
    assert.match(run.out, /trained train --if-stale/);
    assert.ok(
      existsSync(join(dir, 'dist', 'web', 'webchat.js')),
      "existsSync(join(dir, 'dist', 'web', 'webchat.js'))",
    );
    assert.ok(
      existsSync(join(dir, 'dist', 'web', 'THIRD-PARTY-NOTICES.txt')),
      "existsSync(join(dir, 'dist', 'web', 'THIRD-PARTY-NOTICES.txt'))",
    );
  });

  it('does not run tsc again when dist/ is current', () => {
    assert.equal(prestart().status, 0);
    const before = statSync(compiledMain()).mtimeMs;
    const stampBefore = statSync(join(dir, 'dist', 'build-stamp.json')).mtimeMs;

    const second = prestart();

    assert.equal(second.status, 0, second.err);
    assert.match(second.out, /dist\/ is current .*not rebuilding/);
    assert.doesNotMatch(second.out, /building:|> tsc/);
    assert.match(second.out, /trained train --if-stale/);
    assert.equal(statSync(compiledMain()).mtimeMs, before);
    assert.equal(statSync(join(dir, 'dist', 'build-stamp.json')).mtimeMs, stampBefore);
  });

  it('rebuilds when a source file changed since the last build', () => {
    assert.equal(prestart().status, 0);
    writeMain('retrained');

    const run = prestart();

    assert.equal(run.status, 0, run.err);
    assert.match(run.out, /building: src\/, dialogs\/ or tsconfig changed/);
    assert.match(run.out, /retrained train --if-stale/);
  });

  it('starts a current dist/ after npm ci --omit=dev, without TypeScript or Web Chat', () => {
    assert.equal(prestart().status, 0);
    withoutDevTools();

    const run = prestart();

    assert.equal(run.status, 0, run.err);
    assert.match(run.out, /not rebuilding/);
    assert.match(run.out, /trained train --if-stale/);
  });

  it('stops with a clear message when dist/ is stale and TypeScript is not installed', () => {
    withoutDevTools();

    const run = prestart();

    assert.equal(run.status, 1);
    assert.match(run.err, /TypeScript is not installed/);
    assert.match(run.err, /npm run build.*before.*npm ci --omit=dev/);
    assert.equal(existsSync(compiledMain()), false);
  });
});
