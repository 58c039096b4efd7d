#!/usr/bin/env node
'use strict';
/**
 * Runs a TypeScript script of this repository with the installed tools only (no ts-node, no build):
 *
 *   node tools/scripts/run-ts.cjs path/to/script.ts [args...]
 *
 * - Every `.ts` file outside node_modules is compiled on require with @swc/core (CommonJS, legacy
 *   decorators with metadata, the same options as Jest and .swcrc; inline source maps so stack traces
 *   point at the TypeScript lines). Types are not checked: run `tsc --noEmit` for that.
 * - The `paths` aliases of tsconfig.base.json (`@roster/contracts` → libs/contracts/src/index.ts, and
 *   `*` patterns if any are added) resolve as they do for tsc and Jest.
 * - The script runs as the main module: `require.main === module` is true in it and `process.argv`
 *   is `[node, <script>, ...args]`.
 * - ES-module packages (NestJS 12, MikroORM 7) load through Node 24's require(esm).
 *
 * Preloading works too (`node -r ./tools/scripts/run-ts.cjs path/to/app.ts`), as does
 * `require('./tools/scripts/run-ts.cjs')` from a CommonJS file: requiring it registers the hooks.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const repoRoot = path.resolve(__dirname, '../..');

function readJson(file) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    // tsconfig files may carry comments and trailing commas.
    const stripped = text
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str) => str ?? '')
      .replace(/,(\s*[}\]])/g, '$1');
    return JSON.parse(stripped);
  }
}

// ---- SWC options: .swcrc without its path mapping (resolution is done below, at require time) ----
function swcOptions() {
  let rc = {};
  const rcFile = path.join(repoRoot, '.swcrc');
  if (fs.existsSync(rcFile)) rc = readJson(rcFile);
  const jsc = { ...(rc.jsc ?? {}) };
  delete jsc.baseUrl;
  delete jsc.paths;
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
      ...jsc,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    swcrc: false,
    configFile: false,
  };
}

// ---- tsconfig path aliases ----
function loadAliases() {
  const tsconfig = readJson(path.join(repoRoot, 'tsconfig.base.json'));
  const options = tsconfig.compilerOptions ?? {};
  const baseUrl = path.resolve(repoRoot, options.baseUrl ?? '.');
  return Object.entries(options.paths ?? {}).map(([pattern, targets]) => {
    const star = pattern.indexOf('*');
    return {
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? '' : pattern.slice(star + 1),
      wildcard: star >= 0,
      targets: targets.map((t) => path.resolve(baseUrl, t)),
    };
  });
}

function aliasCandidates(request, aliases) {
  const out = [];
  for (const a of aliases) {
    if (!a.wildcard) {
      if (request === a.prefix) out.push(...a.targets);
    } else if (
      request.length >= a.prefix.length + a.suffix.length &&
      request.startsWith(a.prefix) &&
      request.endsWith(a.suffix)
    ) {
      const match = request.slice(a.prefix.length, request.length - a.suffix.length);
      out.push(...a.targets.map((t) => t.replace('*', match)));
    }
  }
  return out;
}

let registered = false;

function register() {
  if (registered) return;
  registered = true;
  const { transformSync } = require('@swc/core');
  const options = swcOptions();
  const aliases = loadAliases();
  process.setSourceMapsEnabled(true);

  const compile = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, { ...options, filename });
    module._compile(code, filename);
  };
  const previousTs = Module._extensions['.ts'];
  Module._extensions['.ts'] = function (module, filename) {
    if (filename.includes(`${path.sep}node_modules${path.sep}`) && previousTs) return previousTs(module, filename);
    return compile(module, filename);
  };

  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, opts) {
    if (aliases.length && !request.startsWith('.') && !path.isAbsolute(request)) {
      for (const candidate of aliasCandidates(request, aliases)) {
        try {
          return originalResolve.call(this, candidate, parent, isMain, opts);
        } catch {
          // try the next target, then the plain request
        }
      }
    }
    return originalResolve.call(this, request, parent, isMain, opts);
  };
}

function main() {
  const [, , script, ...args] = process.argv;
  if (!script) {
    process.stderr.write('usage: node tools/scripts/run-ts.cjs <script.ts> [args...]\n');
    process.exit(2);
  }
  const file = path.resolve(process.cwd(), script);
  if (!fs.existsSync(file)) {
    process.stderr.write(`run-ts: no such file ${file}\n`);
    process.exit(2);
  }
  register();
  process.argv = [process.argv[0], file, ...args];
  // isMain = true: the script sees require.main === module, like `node script.js`.
  Module._load(file, null, true);
}

if (require.main === module) main();
else register();

module.exports = { register };
