import { spawn } from 'node:child_process';
import { join } from 'node:path';

describe('clever-sandbox (standalone app)', () => {
  it('runs standalone, printing the URL, client credentials and district token', async () => {
    const bin = join(__dirname, '..', 'bin', 'clever-sandbox.cjs');
    const child = spawn(process.execPath, [bin], {
      env: { ...process.env, NODE_OPTIONS: '', PORT: '0', SANDBOX_USERS: '120', SANDBOX_SEED: 'cli' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk) => {
          text += chunk;
          if (text.includes('admin API')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const url = /listening on (\S+)/.exec(output)![1];
      const token = /token ([0-9a-f]{40})/.exec(output)![1];
      expect(output).toContain('CLEVER_CLIENT_ID=sandbox-client');
      expect(output).toContain('120 users');
      const res = await fetch(`${url}/v3.0/users?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
