import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const repoRoot = resolve(__dirname, '../..');

/** Proves that the architecture's boundaries (ARCHITECTURE.md §7) are enforced by lint, not just written down. */
describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The Nx rule reads the cached project graph; compute it as `npm run lint` does.
    execFileSync(join(repoRoot, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
    eslint = new ESLint({ cwd: repoRoot });
  }, 60_000);

  async function ruleIds(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
    return result.messages.map((m) => m.ruleId ?? m.message);
  }

  it('fails an app that imports another app', async () => {
    const ids = await ruleIds('apps/classes/src/forbidden.ts', `import { createIdentityService } from '../../identity/src';\nexport const x = createIdentityService;\n`);
    expect(ids).toContain('@nx/enforce-module-boundaries');
  });

  it('fails contracts that import anything but zod', async () => {
    const ids = await ruleIds('libs/contracts/src/forbidden.ts', `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`);
    expect(ids).toContain('@nx/enforce-module-boundaries');
  });

  it('fails domain code that imports the ORM', async () => {
    const ids = await ruleIds('apps/classes/src/domain/forbidden.ts', `import { MikroORM } from '@mikro-orm/postgresql';\nexport const x = MikroORM;\n`);
    expect(ids).toContain('no-restricted-imports');
  });

  it('accepts an app that imports contracts and platform libraries', async () => {
    const ids = await ruleIds('apps/classes/src/allowed.ts', `import { Events } from '@roster/contracts';\nimport { Outbox } from '@roster/messaging';\nexport const x = [Events, Outbox];\n`);
    expect(ids).toEqual([]);
  });

  it('fails a pure library (authorization policy, problem types) that imports a framework', async () => {
    expect(await ruleIds('libs/authz/src/forbidden.ts', `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`)).toContain('no-restricted-imports');
    expect(await ruleIds('libs/problems/src/forbidden.ts', `import { sql } from '@roster/persistence';\nexport const x = sql;\n`)).toContain('no-restricted-imports');
  });

  it('is switched off only in the composition roots of ADR 0004 (the embedded mode, its browser tests and their session helper, benchmarks)', () => {
    const allowed = [/^apps\/embedded\/src\//, /^apps\/e2e\/src\/browser\//, /^apps\/e2e\/src\/support\/browser\.ts$/, /^tools\/bench\//];
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
    const offenders = files.filter((f) => {
      try {
        return /eslint-disable[^\n]*@nx\/enforce-module-boundaries/.test(readFileSync(join(repoRoot, f), 'utf8')) && !allowed.some((a) => a.test(f));
      } catch {
        return false; // deleted in the work tree
      }
    });
    expect(offenders).toEqual([]);
  });
});

