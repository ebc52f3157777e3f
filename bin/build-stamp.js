'use strict';
// The build stamp: what dist/ was compiled from, so `npm start` rebuilds only when that changed.
// Plain JavaScript on purpose: it runs before dist/ exists and where TypeScript is not installed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** What tsc and the post-build read. intents/ is not here: `train --if-stale` has its own fingerprint. */
const SOURCES = ['src', 'dialogs', 'tsconfig.json', 'tsconfig.build.json', 'bin/postbuild.js'];
const STAMP = path.join('dist', 'build-stamp.json');

/** A hash of the sources' relative paths and contents (contents, not mtimes: a copy or a checkout keeps them). */
function sourcesHash(root) {
  const hash = crypto.createHash('sha256');
  for (const file of SOURCES.flatMap((entry) => listFiles(root, entry)).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(root, entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((dirent) => listFiles(root, path.join(entry, dirent.name)))
    .map((file) => file.split(path.sep).join('/'));
}

function readStamp(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(root, extra) {
  const stamp = { sources: sourcesHash(root), builtAt: new Date().toISOString(), ...extra };
  fs.writeFileSync(path.join(root, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  return stamp;
}

function removeStamp(root) {
  fs.rmSync(path.join(root, STAMP), { force: true });
}

/** Why dist/ must be rebuilt, or null when it is current. */
function staleReason(root) {
  const stamp = readStamp(root);
  if (stamp === null) return 'dist/ has no build stamp (never built, or the last build failed)';
  if (stamp.sources !== sourcesHash(root))
    return 'src/, dialogs/ or tsconfig changed since the last build';
  const installed = installedWebChatVersion(root);
  if (installed !== null && installed !== stamp.webchat) {
    return `botframework-webchat ${installed} is installed, dist/ has ${stamp.webchat ?? 'none'}`;
  }
  return null;
}

/** The installed Web Chat's version, or null when it is not installed (npm ci --omit=dev). */
function installedWebChatVersion(root) {
  try {
    const file = path.join(root, 'node_modules', 'botframework-webchat', 'package.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
}

module.exports = {
  sourcesHash,
  readStamp,
  writeStamp,
  removeStamp,
  staleReason,
  installedWebChatVersion,
};
