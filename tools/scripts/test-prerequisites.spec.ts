import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, 'test-prerequisites.sh');

/** A PATH of stub commands: the given tools "exist", everything else is missing; not root. */
function fakeMachine(tools: string[]): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'prereq-'));
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  for (const real of ['bash', 'sed', 'head', 'dirname', 'cat']) symlinkSync(spawnSync('bash', ['-c', `command -v ${real}`]).stdout.toString().trim(), join(dir, real));
  stub('id', 'echo 1000');
  if (tools.includes('java')) stub('java', 'echo \'openjdk version "17.0.9" 2023-10-17\' >&2');
  if (tools.includes('mvn')) stub('mvn', 'exit 0');
  if (tools.includes('go')) stub('go', 'exit 0');
  if (tools.includes('chromium')) stub('chromium', 'exit 0');
  if (tools.includes('python3')) stub('python3', 'exit 0');
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('npm test prerequisites (pretest)', () => {
  it('without root, stops with one message listing exactly what is missing and how to install it', () => {
    const machine = fakeMachine(['java', 'mvn', 'go', 'python3']);
    try {
      const run = spawnSync(join(machine.path, 'bash'), [script], { env: { PATH: machine.path }, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('npm test needs tools this machine lacks: chromium.');
      expect(run.stderr).toContain('sudo apt-get update && sudo apt-get install -y chromium');
      expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(6);
    } finally {
      machine.cleanup();
    }
  });

  it('refuses a Java older than 17', () => {
    const machine = fakeMachine(['mvn', 'go', 'python3', 'chromium']);
    writeFileSync(join(machine.path, 'java'), '#!/bin/bash\necho \'openjdk version "11.0.2"\' >&2\n');
    chmodSync(join(machine.path, 'java'), 0o755);
    try {
      const run = spawnSync(join(machine.path, 'bash'), [script], { env: { PATH: machine.path }, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('lacks: openjdk-17-jre-headless.');
    } finally {
      machine.cleanup();
    }
  });

  it('can be skipped when the tools are provided otherwise', () => {
    const run = spawnSync('/bin/bash', [script], { env: { PATH: '/nonexistent', ROSTER_SKIP_PREREQUISITES: '1' }, encoding: 'utf8' });
    expect(run.status).toBe(0);
  });
});
