import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The published OpenAPI document, checked with tools nobody here wrote (issue 19): Redocly's recommended
 * ruleset finds no error in it, openapi-typescript turns it into the client types of libs/api-client, and
 * those compile strictly as a consumer compiles them — and refuse a call the document does not allow.
 * Both generated files must be what the generators produce now (`npm run api:generate`).
 */
const run = promisify(execFile);
const root = join(__dirname, '../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const node = (script: string, ...args: string[]) => run(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), script, ...args], { cwd: root });
const answer = async (p: Promise<{ stdout: string; stderr: string }>) => {
  try {
    const { stdout, stderr } = await p;
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
};

describe('public API document and generated client', () => {
  it('docs/openapi.json and libs/api-client/src/schema.ts are what the generators produce', async () => {
    expect(await answer(node('apps/gateway/src/openapi-export.ts', '--check'))).toMatchObject({ code: 0 });
    expect(await answer(node('tools/scripts/generate-api-client.ts', '--check'))).toMatchObject({ code: 0 });
  }, 120_000);

  it('Redocly (recommended ruleset) finds no error in the document', async () => {
    const lint = await answer(run(bin('redocly'), ['lint', 'docs/openapi.json', '--format=summary'], { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }));
    expect(lint.output).toContain('Your API description is valid');
    expect(lint.output).not.toMatch(/^error /m);
    expect(lint.code).toBe(0);
  }, 120_000);

  it('the client compiles strictly, and a call the document does not allow does not', async () => {
    const ok = await answer(run(bin('tsc'), ['-p', 'libs/api-client/tsconfig.json'], { cwd: root }));
    expect(ok).toEqual({ code: 0, output: '' });

    const dir = mkdtempSync(join(tmpdir(), 'roster-api-client-'));
    try {
      writeFileSync(
        join(dir, 'probe.ts'),
        `import { createRosterClient } from ${JSON.stringify(join(root, 'libs/api-client/src/index'))};\n` +
          `export const probe = (token: string) => createRosterClient({ baseUrl: 'http://x', token }).POST('/api/v1/classes', { body: { schoolId: 'a', title: 'no such field' } });\n`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: join(root, 'libs/api-client/tsconfig.json'), files: [join(dir, 'probe.ts')] }),
      );
      const refused = await answer(run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: root }));
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/error TS\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
