import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, findRepoRoot } from './embedded';

describe('embedded data directory', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'roster-root-'));
    writeFileSync(join(root, 'package.json'), '{"name":"roster"}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is .data/embedded at the repository root, also when running from dist/', () => {
    mkdirSync(join(root, 'dist/apps/embedded/src'), { recursive: true });
    expect(findRepoRoot(join(root, 'dist/apps/embedded/src'))).toBe(root);
    expect(defaultDataDir(root)).toBe(join(root, '.data/embedded'));
  });

  it('moves data an earlier build kept under dist/ once, and never over existing data', () => {
    mkdirSync(join(root, 'dist/.data/embedded'), { recursive: true });
    writeFileSync(join(root, 'dist/.data/embedded/secrets.json'), 'old');
    expect(defaultDataDir(root)).toBe(join(root, '.data/embedded'));
    expect(readFileSync(join(root, '.data/embedded/secrets.json'), 'utf8')).toBe('old');
    expect(existsSync(join(root, 'dist/.data/embedded'))).toBe(false);

    mkdirSync(join(root, 'dist/.data/embedded'), { recursive: true });
    writeFileSync(join(root, 'dist/.data/embedded/secrets.json'), 'stale');
    defaultDataDir(root);
    expect(readFileSync(join(root, '.data/embedded/secrets.json'), 'utf8')).toBe('old');
  });
});
