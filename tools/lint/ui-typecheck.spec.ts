import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const repoRoot = resolve(__dirname, '../..');
const uiDir = join(repoRoot, 'apps/gateway/src/ui');
const uiTsconfig = join(uiDir, 'tsconfig.json');

/**
 * Proves that the admin UI's JavaScript (plain browser ES modules, no build step) is type-checked from its JSDoc
 * types and linted: a type error or a lint error in a UI module fails `npm run typecheck` / `npm run lint`.
 */
describe('admin UI type check', () => {
  function parsedConfig(): ts.ParsedCommandLine {
    const { config, error } = ts.readConfigFile(uiTsconfig, ts.sys.readFile);
    if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
    return ts.parseJsonConfigFileContent(config, ts.sys, uiDir, undefined, uiTsconfig);
  }

  /**
   * Type-checks the UI as `tsc -p apps/gateway/src/ui/tsconfig.json` does, with some files' text replaced or added
   * (in memory only: nothing is written to the repository).
   */
  // the files as they are (the DOM libraries above all) are parsed once for all the checks below
  const unchanged = new Map<string, ts.SourceFile | undefined>();

  function diagnostics(overrides: Record<string, string> = {}): { file: string; code: number; message: string }[] {
    const parsed = parsedConfig();
    const texts = new Map(Object.entries(overrides).map(([file, text]) => [join(uiDir, file), text]));
    const host = ts.createCompilerHost(parsed.options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const text = texts.get(resolve(fileName));
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      if (!unchanged.has(fileName)) unchanged.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
      return unchanged.get(fileName);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => texts.has(resolve(fileName)) || fileExists(fileName);
    const rootNames = [...new Set([...parsed.fileNames, ...texts.keys()])];
    const program = ts.createProgram({ rootNames, options: parsed.options, host });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      file: d.file ? d.file.fileName.slice(uiDir.length + 1) : '',
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  }

  it('checks the JavaScript strictly, with the browser libraries, and is part of npm run typecheck', () => {
    const { options, fileNames } = parsedConfig();
    expect(options).toMatchObject({ allowJs: true, checkJs: true, strict: true, noEmit: true });
    expect(options.lib).toEqual(['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts']);
    expect(fileNames.map((f) => f.slice(uiDir.length + 1))).toEqual(expect.arrayContaining(['app.js', 'api.js', 'format.js', 'views/sync.js', 'format.spec.js']));
    const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.typecheck).toContain('tsc -p apps/gateway/src/ui/tsconfig.json');
  });

  it('passes on the UI as it is', () => {
    expect(diagnostics()).toEqual([]);
  }, 60_000);

  it('fails on a type error in a new UI module', () => {
    const found = diagnostics({
      'views/injected.js': [
        "import { plural } from '../format.js';",
        '/** @type {number} */',
        "export const count = plural(2, 'class');",
        "export const label = plural('two', 'class');",
        '',
      ].join('\n'),
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'views/injected.js', code: 2322 }), // string is not a number
        expect.objectContaining({ file: 'views/injected.js', code: 2345 }), // 'two' is not a number
      ]),
    );
  }, 60_000);

  it('fails on a type error in an existing UI module (a misspelt field of an API answer)', () => {
    const file = 'views/sync.js';
    const source = readFileSync(join(uiDir, file), 'utf8');
    expect(source).toContain('cursor.ageSeconds');
    const found = diagnostics({ [file]: source.replace('cursor.ageSeconds', 'cursor.ageSecond') });
    expect(found).toEqual([expect.objectContaining({ file, code: 2551, message: expect.stringContaining("'ageSecond'") })]);
  }, 60_000);

  it('fails on an implicit any (strict)', () => {
    const found = diagnostics({ 'views/injected.js': 'export function twice(x) {\n  return x * 2;\n}\n' });
    expect(found).toEqual([expect.objectContaining({ file: 'views/injected.js', code: 7006 })]);
  }, 60_000);
});

describe('admin UI lint', () => {
  let eslint: ESLint;

  beforeAll(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  /**
   * Lints `code` as a UI module with the ESLint command `npm run lint` runs, in its own process. The code is
   * written to a real file beside the modules for the run: the promise rules read types through the UI's
   * tsconfig, whose program reads files from disk (text given on stdin for an existing module's name is not
   * what the typed rules see).
   */
  async function lint(code: string): Promise<string[]> {
    const file = join(uiDir, 'views', `lint-probe-${process.pid}-${Date.now()}.js`);
    writeFileSync(file, code);
    try {
      const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', file], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
      const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
      return result.messages.map((m) => m.ruleId ?? m.message);
    } finally {
      rmSync(file, { force: true });
    }
  }

  it('lints the UI modules (they are not ignored)', async () => {
    expect(await eslint.isPathIgnored(join(uiDir, 'app.js'))).toBe(false);
    expect(await eslint.isPathIgnored(join(uiDir, 'views/sync.js'))).toBe(false);
  });

  it('fails on unused variables, undefined names and recommended-rule errors', async () => {
    const ids = await lint(
      ['const unused = 1;', 'export function f(a) {', '  if (a == 2) return undefinedThing;', '  debugger;', '  return a;', '}', ''].join('\n'),
    );
    expect(ids).toEqual(expect.arrayContaining(['@typescript-eslint/no-unused-vars', 'no-undef', 'no-debugger', 'eqeqeq']));
  });

  it('knows the browser globals and ES modules', async () => {
    const ids = await lint(
      "import { h } from '../dom.js';\nexport const el = document.getElementById('main') ?? h('div', null);\nwindow.addEventListener('hashchange', () => sessionStorage.clear());\n",
    );
    expect(ids).toEqual([]);
  });

  it('fails on a promise nobody awaits', async () => {
    const ids = await lint(
      [
        "import { api } from '../api.js';",
        'export async function refresh() {',
        "  api.logout();",
        '  void api.logout();',
        '  await api.logout();',
        '}',
        '',
      ].join('\n'),
    );
    expect(ids).toEqual(['@typescript-eslint/no-floating-promises']);
  });
});
