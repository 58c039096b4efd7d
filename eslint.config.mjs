// Lint: TypeScript rules plus the architecture's boundaries (ARCHITECTURE.md §7), enforced by
// @nx/enforce-module-boundaries over the tags in each project.json:
//   scope:<service>|shared  ×  type:app|feature|data-access|domain|contracts|platform|testing
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinRules } from 'eslint/use-at-your-own-risk';

// ESLint's recommended JavaScript rules (the rules @eslint/js's `configs.recommended` turns on), for the admin UI.
const jsRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', '.data/**', '.kafka/**', '.tools/**', '.nx/**', 'test-output/**', 'coverage/**', 'bench/results/**', '**/*.cjs', '**/*.js', '**/*.mjs'],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            // Services share only contracts and platform libraries; an app never imports another app.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:classes', onlyDependOnLibsWithTags: ['scope:classes', 'scope:shared'] },
            { sourceTag: 'scope:clever-ingestion', onlyDependOnLibsWithTags: ['scope:clever-ingestion', 'scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:clever-sandbox', onlyDependOnLibsWithTags: ['scope:clever-sandbox', 'scope:shared'] },
            { sourceTag: 'scope:embedded', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Contracts import only zod.
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'],
              bannedExternalImports: ['@nestjs/*', '@mikro-orm/*', 'kafkajs', 'pg', 'pino', 'prom-client', 'express'],
            },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:data-access', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:data-access', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:data-access', 'type:testing', 'type:feature', 'type:domain'] },
          ],
        },
      ],
    },
  },
  {
    // The pure platform libraries (the authorization policy, problem types) answer the same in the gateway, in
    // every service and in tests: no framework, ORM, broker or adapter in their import graph (issue 12).
    files: ['libs/authz/src/**/*.ts', 'libs/problems/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@mikro-orm/*', 'kafkajs', 'pg', 'express', 'kysely', '@roster/messaging', '@roster/persistence', '@roster/http', '@roster/auth', '@roster/observability'],
              message: 'Pure libraries import no Nest, ORM, Kafka, database or adapter code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Domain code is plain TypeScript: no framework, ORM or broker (ARCHITECTURE.md §7).
    files: ['apps/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', '@mikro-orm/*', 'kafkajs', 'pg', '@roster/messaging', '@roster/persistence', '@roster/http'], message: 'Domain code imports no Nest, MikroORM, Kafka or platform adapters.' }] },
      ],
    },
  },
  // The admin UI (apps/gateway/src/ui): plain browser ES modules, served as they are. Linted here; type-checked
  // from their JSDoc by apps/gateway/src/ui/tsconfig.json (`npm run typecheck`).
  { ignores: ['!apps/gateway/src/ui/**/*.js'] },
  {
    files: ['apps/gateway/src/ui/**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser },
      // type information (from the UI's own tsconfig) for the promise rules below
      parserOptions: { project: './apps/gateway/src/ui/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...jsRecommended,
      // typescript-eslint's versions of these (from its recommended set) are the ones that run
      'no-unused-vars': 'off',
      'no-unused-expressions': 'off',
      'no-array-constructor': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // browser code: no CommonJS
      '@typescript-eslint/no-require-imports': 'error',
      // a promise nobody awaits must say so (`void load()`): its rejection would otherwise go unseen
      '@typescript-eslint/no-floating-promises': 'error',
      // async listeners and callbacks are fine where the return value is ignored (addEventListener, h's on<Event>)
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
);
