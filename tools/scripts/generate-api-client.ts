/**
 * Generates libs/api-client/src/schema.ts from docs/openapi.json with openapi-typescript, as any consumer
 * of the published document would (the client is built from the document, never from our own code).
 *
 *   npm run api:generate                                                   # both files
 *   node tools/scripts/run-ts.cjs tools/scripts/generate-api-client.ts --check   # exit 1 when out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

export const OPENAPI_FILE = join(__dirname, '../../docs/openapi.json');
export const SCHEMA_FILE = join(__dirname, '../../libs/api-client/src/schema.ts');

const HEADER = [
  '// GENERATED FILE: do not edit by hand. openapi-typescript from docs/openapi.json;',
  '// regenerate with `npm run api:generate` after changing a public route.',
  '',
].join('\n');

export async function renderClientSchema(): Promise<string> {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
  const ast = await openapiTS(document as never, { alphabetize: true, exportType: false });
  return HEADER + astToString(ast);
}

async function main(argv: string[]): Promise<void> {
  const text = await renderClientSchema();
  const file = relative(process.cwd(), SCHEMA_FILE);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      process.stderr.write(`${file} is out of date; run: npm run api:generate\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${file} is up to date\n`);
    return;
  }
  writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`wrote ${file}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
