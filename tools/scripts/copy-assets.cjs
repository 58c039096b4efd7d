#!/usr/bin/env node
'use strict';
// Copies files the build does not compile into dist/, unchanged: the admin UI is plain ES modules served
// as they are (SWC would turn them into CommonJS).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const assets = [['apps/gateway/src/ui', 'dist/apps/gateway/src/ui']];
for (const [from, to] of assets) {
  fs.rmSync(path.join(root, to), { recursive: true, force: true });
  // Only what the browser loads: not the UI's unit tests, JSDoc-only type module or its tsconfig.
  const servedOnly = (src) => !/\.spec\.js$|[\\/]tsconfig\.json$|[\\/]types\.js$/.test(src);
  fs.cpSync(path.join(root, from), path.join(root, to), { recursive: true, filter: servedOnly });
}
