/**
 * Writes docs/asyncapi.yaml from the contracts (libs/contracts asyncApiDocument()).
 *
 *   npm run contracts:asyncapi            # (re)write docs/asyncapi.yaml
 *   npm run contracts:asyncapi -- --check # exit 1 when the committed file is out of date
 *
 * libs/contracts/src/asyncapi.spec.ts fails when the committed file differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { asyncApiDocument } from '@roster/contracts';

export const REGENERATE_COMMAND = 'npm run contracts:asyncapi';
export const ASYNCAPI_FILE = join(__dirname, '../../docs/asyncapi.yaml');

const HEADER = [
  '# GENERATED FILE: do not edit by hand.',
  '# Generated from libs/contracts (asyncApiDocument() in libs/contracts/src/json-schema.ts) by',
  '# tools/scripts/generate-asyncapi.ts. After changing a contract, regenerate it with:',
  `#   ${REGENERATE_COMMAND}`,
  '# (that is: node tools/scripts/run-ts.cjs tools/scripts/generate-asyncapi.ts)',
  '',
].join('\n');

/** The exact text of docs/asyncapi.yaml for the current contracts (deterministic: no dates, no anchors). */
export function renderAsyncApiYaml(): string {
  return HEADER + stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false, indent: 2 });
}

function main(argv: string[]): void {
  const text = renderAsyncApiYaml();
  const file = relative(process.cwd(), ASYNCAPI_FILE);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(ASYNCAPI_FILE, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      process.stderr.write(`${file} is out of date; run: ${REGENERATE_COMMAND}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${file} is up to date\n`);
    return;
  }
  writeFileSync(ASYNCAPI_FILE, text);
  process.stdout.write(`wrote ${file}\n`);
}

if (require.main === module) main(process.argv.slice(2));
