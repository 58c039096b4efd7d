/**
 * Writes docs/openapi.json, the published OpenAPI document of the public API (the one the gateway serves at
 * `/api/openapi.json`, without the dev-mode note), from the route declarations.
 *
 *   npm run api:generate            # docs/openapi.json, then libs/api-client's generated types
 *   node tools/scripts/run-ts.cjs apps/gateway/src/openapi-export.ts --check   # exit 1 when out of date
 *
 * tools/scripts/api-client.spec.ts fails when the committed file differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildOpenApiDocument } from './api/openapi';
import { apiControllers } from './controllers';

export const OPENAPI_FILE = join(__dirname, '../../../docs/openapi.json');

export function renderOpenApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(apiControllers), null, 2)}\n`;
}

function main(argv: string[]): void {
  const text = renderOpenApiJson();
  const file = relative(process.cwd(), OPENAPI_FILE);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OPENAPI_FILE, 'utf8');
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
  writeFileSync(OPENAPI_FILE, text);
  process.stdout.write(`wrote ${file}\n`);
}

if (require.main === module) main(process.argv.slice(2));
