// One Jest run for the whole repository: unit (*.spec.ts), integration (*.int-spec.ts) and
// end-to-end (*.e2e-spec.ts) tests. Integration and e2e tests need a real PostgreSQL and Kafka,
// which libs/testing's global setup provides (see README "Tests").
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  // The admin UI's unit tests are JavaScript beside its browser modules (type-checked with them by
  // apps/gateway/src/ui/tsconfig.json; the project's tsconfig.json does not read JavaScript).
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '<rootDir>/apps/gateway/src/ui/**/*.spec.js'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.data', '<rootDir>/.kafka'],
  // The chaos simulation's short seed (17 processes, several minutes) is its own command, `npm run test:chaos`,
  // which .ci/run runs after `npm test`: alone on the machine, not beside the suites that share its two cores.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.ROSTER_CHAOS_TEST === '1' ? [] : ['<rootDir>/tools/chaos/chaos\\.e2e-spec\\.ts$'])],
};
