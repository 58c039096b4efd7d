import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('path aliases', () => {
  it('the build (.swcrc) maps exactly the aliases the type checker knows (tsconfig.base.json)', () => {
    expect(json('.swcrc').jsc.paths).toEqual(json('tsconfig.base.json').compilerOptions.paths);
  });
});
