// One linter for the whole repo. The import rules encode the layers of DESIGN.md:
// asl/ is pure, engine/ sees only interfaces, store/ and integrations/ never see the engine,
// api/ sees the engine, and only server.ts composes concrete parts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const impureGlobals = [
  { name: 'setTimeout', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { name: 'setInterval', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { name: 'setImmediate', message: 'Scheduling comes from the clock (DESIGN.md style 6).' },
];
const impureProperties = [
  { object: 'Date', property: 'now', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { object: 'Math', property: 'random', message: 'Randomness comes from env (DESIGN.md style 6).' },
  { object: 'crypto', property: 'randomUUID', message: 'Ids come from env (DESIGN.md style 6).' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'web/dist/',
      'web/vite.config.ts',
      '.stepwise/',
      'test-artifacts/',
      'bench/.work/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js'] } },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/asl',
              from: './src',
              except: ['./asl'],
              message: 'asl/ is pure and imports nothing of ours (DESIGN.md rule 1).',
            },
            {
              target: './src/engine',
              from: [
                './src/api',
                './src/cli',
                './src/server.ts',
                './src/store/sqlite',
                './src/store/postgres',
                './src/store/memory',
              ],
              message: 'engine/ sees store and integration interfaces, never a driver (rule 2).',
            },
            {
              target: ['./src/store', './src/integrations'],
              from: ['./src/engine', './src/api', './src/cli', './src/server.ts'],
              message: 'store/ and integrations/ never import the engine (rule 3).',
            },
            {
              target: './src/store',
              from: './src/integrations',
              message: 'store/ and integrations/ never import each other (rule 3).',
            },
            {
              target: './src/integrations',
              from: './src/store',
              message: 'store/ and integrations/ never import each other (rule 3).',
            },
            {
              target: './web',
              from: ['./src', './test', './bench'],
              message: 'web/ talks to the server over HTTP only (DESIGN.md rule 6).',
            },
            {
              target: './src/api',
              from: ['./src/store', './src/integrations', './src/cli', './src/server.ts'],
              message: 'api/ talks to the engine only (rule 4).',
            },
          ],
        },
      ],
    },
  },
  {
    // Each folder is entered through its index.ts (DESIGN.md rule 7).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(\\.\\./)*(asl|engine|store|integrations|api|cli)/(?!index\\.ts$).+',
              message: 'Enter another layer through its index.ts (DESIGN.md rule 7).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/asl/**/*.ts', 'src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error', ...impureProperties],
    },
  },
  {
    files: ['src/asl/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:fs', message: 'asl/ does no I/O.' },
            { name: 'node:fs/promises', message: 'asl/ does no I/O.' },
            { name: 'node:net', message: 'asl/ does no I/O.' },
            { name: 'node:http', message: 'asl/ does no I/O.' },
            { name: 'node:child_process', message: 'asl/ does no I/O.' },
            { name: 'node:timers', message: 'asl/ has no clock.' },
            { name: 'node:timers/promises', message: 'asl/ has no clock.' },
          ],
          patterns: [
            { regex: '^\\.\\./(\\.\\./)*(engine|store|integrations|api|cli)/', message: 'asl/ is pure.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The console keeps the Rules of React (hooks and the compiler's checks); warnings count as
    // errors here so `npm test` holds them.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The console's one way into src/: the API's wire shapes, type-only (DESIGN.md rule 6).
    files: ['web/src/api/shapes.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './web', from: './src', except: ['./api/shapes.ts'] }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
