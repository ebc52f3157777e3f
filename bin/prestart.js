#!/usr/bin/env node
'use strict';
// Before `npm start`: build only when dist/ is missing or older than its sources (build stamp),
// then retrain the classifier if intents/ changed. Needs neither tsc nor tsx when dist/ is
// current, so a built checkout runs after `npm ci --omit=dev`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { removeStamp, staleReason } = require('./build-stamp');

const root = path.join(__dirname, '..');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function hasTypeScript() {
  try {
    require.resolve('typescript/bin/tsc', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

function npm(args) {
  // Under `npm start`, npm_execpath is the npm that runs us; otherwise the one on PATH.
  const npmCli = process.env.npm_execpath;
  if (npmCli && npmCli.endsWith('.js')) run(process.execPath, [npmCli, ...args]);
  else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args);
}

const reason = staleReason(root);
if (reason === null) {
  process.stdout.write('dist/ is current (build stamp matches src/, dialogs/): not rebuilding\n');
} else if (!hasTypeScript()) {
  process.stderr.write(
    `dist/ must be rebuilt (${reason}), but TypeScript is not installed.\n` +
      'Run `npm run build` before `npm ci --omit=dev` (or `npm install` to get the dev tools).\n' +
      'dist/ 需要重新构建，但未安装 TypeScript：请先 npm run build，再 npm ci --omit=dev。\n',
  );
  process.exit(1);
} else {
  process.stdout.write(`building: ${reason}\n`);
  removeStamp(root);
  npm(['run', 'build']);
}
run(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'train', '--if-stale']);
