import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface EmbeddedSecrets {
  internalAuthSecret: string;
  sessionSecret: string;
}

/** Secrets generated on the first start and kept with the data, so sessions survive a restart. */
export function loadOrCreateSecrets(file: string): EmbeddedSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedSecrets;
  const secrets = { internalAuthSecret: randomBytes(32).toString('hex'), sessionSecret: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
