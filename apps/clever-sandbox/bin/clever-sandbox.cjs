#!/usr/bin/env node
// Standalone Clever sandbox without a build: `node apps/clever-sandbox/bin/clever-sandbox.cjs` (see src/main.ts
// for env vars). The repository's run-ts hook compiles the TypeScript on require and resolves the @roster/* aliases
// (the sandbox itself lives in libs/clever-sandbox).
require('../../../tools/scripts/run-ts.cjs');
require('../src/main.ts');
