#!/usr/bin/env node
// Standalone Clever sandbox: `node apps/clever-sandbox/bin/clever-sandbox.cjs` (see src/main.ts for env vars).
require('./register.cjs');
require('../src/main.ts');
