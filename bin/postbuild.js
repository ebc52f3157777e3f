#!/usr/bin/env node
'use strict';
// After tsc: copy Web Chat's browser bundle and its licence notices into dist/web/ (production
// serves that file, so botframework-webchat and its speech SDK stay a dev dependency), then
// write the build stamp that lets `npm start` skip a rebuild.
const fs = require('node:fs');
const path = require('node:path');
const { installedWebChatVersion, writeStamp } = require('./build-stamp');

const root = path.join(__dirname, '..');

function copyWebChat() {
  const version = installedWebChatVersion(root);
  if (version === null) {
    throw new Error(
      'botframework-webchat is not installed: run npm install (dev dependencies) before npm run build',
    );
  }
  const pkgDir = path.join(root, 'node_modules', 'botframework-webchat');
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const out = path.join(root, 'dist', 'web');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(pkgDir, 'dist', 'webchat.js'), path.join(out, 'webchat.js'));
  const bundled = path.join(pkgDir, 'dist', 'webchat.js.LICENSE.txt');
  // The bundle's last comment points at this file by name.
  fs.copyFileSync(bundled, path.join(out, 'webchat.js.LICENSE.txt'));
  fs.writeFileSync(
    path.join(out, 'THIRD-PARTY-NOTICES.txt'),
    notices(pkg, fs.readFileSync(bundled, 'utf8')),
  );
  return version;
}

function notices(pkg, bundled) {
  return [
    `dist/web/webchat.js is ${pkg.name} ${pkg.version} (dist/webchat.js of the npm package),`,
    `${pkg.homepage ?? ''}`,
    '',
    `License: ${pkg.license}`,
    '',
    'MIT License',
    '',
    'Copyright (c) Microsoft Corporation. All rights reserved.',
    '',
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software',
    'and associated documentation files (the "Software"), to deal in the Software without',
    'restriction, including without limitation the rights to use, copy, modify, merge, publish,',
    'distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the',
    'Software is furnished to do so, subject to the following conditions:',
    '',
    'The above copyright notice and this permission notice shall be included in all copies or',
    'substantial portions of the Software.',
    '',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING',
    'BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND',
    'NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,',
    'DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,',
    'OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.',
    '',
    'The bundle includes third-party code; its notices, as shipped in webchat.js.LICENSE.txt:',
    '',
    bundled,
  ].join('\n');
}

const webchat = copyWebChat();
writeStamp(root, { webchat });
process.stdout.write(`dist/web/webchat.js: botframework-webchat ${webchat}; build stamp written\n`);
