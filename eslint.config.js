// One linter for the whole repo. The import rules encode the layers of DESIGN.md:
// asl/ is pure, engine/ sees only interfaces, store/ and integrations/ never see the engine,
// api/ sees the engine, and only server/ composes concrete parts (lint/layers.js holds the rest:
// index-only entry, drivers from server/ only, no test code in the build, no cycles).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './lint/layers.js';

// Which top-level folders of src/ each one may import (DESIGN.md "Who may import whom").
const mayImport = {
  asl: [], // rule 1: pure
  client: [], // users' own code: talks HTTP only
  config: ['asl', 'integrations'], // settings name the integrations' options
  store: ['asl'], // rule 3
  integrations: ['asl'], // rule 3
  engine: ['asl', 'store', 'integrations'], // rule 2 (interfaces only: see lint/layers.js)
  api: ['asl', 'engine'], // rule 4
  // rule 5: observability/ and triggers/ see the engine's public face (and the store's interface).
  observability: ['asl', 'engine'],
  triggers: ['asl', 'engine', 'store'],
  // bulk operations (a Stepwise extension) likewise: the engine's public face and the store's interface.
  bulk: ['asl', 'engine', 'store'],
  server: ['asl', 'config', 'store', 'integrations', 'engine', 'api', 'observability', 'triggers', 'bulk'], // rule 5
  // rule 5: thin, builds through server/; client/ is the HTTP client of `worker` and `send-task`.
  cli: ['asl', 'client', 'server'],
  'test-support': [
    'asl',
    'config',
    'store',
    'integrations',
    'engine',
    'api',
    'server',
    'client',
    'observability',
    'triggers',
    'bulk',
  ],
};
const layerZones = Object.entries(mayImport).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  // Tests beside the code use src/test-support/; lint/layers.js keeps production code off it.
  except: [...new Set([layer, ...allowed, 'test-support'])].map((name) => `./${name}`),
  message: `src/${layer}/ may import only ${allowed.length === 0 ? 'nothing of ours' : allowed.join(', ')} (DESIGN.md "Who may import whom").`,
}));

const impureGlobals = [
  { name: 'setTimeout', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { name: 'setInterval', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { name: 'setImmediate', message: 'Scheduling comes from the clock (DESIGN.md style 6).' },
];
const impureProperties = [
  { object: 'Date', property: 'now', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { object: 'Math', property: 'random', message: 'Randomness comes from env (DESIGN.md style 6).' },
  { object: 'crypto', property: 'randomUUID', message: 'Ids come from env (DESIGN.md style 6).' },
  { object: 'performance', property: 'now', message: 'Time comes from env/clock (DESIGN.md style 6).' },
];
// The same globals reached through an import instead.
const impureImports = [
  { name: 'node:timers', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  { name: 'node:timers/promises', message: 'Time comes from env/clock (DESIGN.md style 6).' },
  {
    name: 'node:crypto',
    importNames: ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues'],
    message: 'Ids and randomness come from env (DESIGN.md style 6).',
  },
];
const oneAssertNever = {
  selector: ":matches(FunctionDeclaration, VariableDeclarator)[id.name='assertNever']",
  message: 'assertNever is defined once, in src/asl/assert-never.ts: import it from asl/.',
};

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
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'lint/*.js'] },
      },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            {
              target: './src',
              from: ['./test', './bench'],
              message:
                'src/ never imports test/ or bench/ (test helpers for src/ live in src/test-support/).',
            },
            {
              target: './web',
              from: ['./src', './test', './bench'],
              message: 'web/ talks to the server over HTTP only (DESIGN.md rule 6).',
            },
          ],
        },
      ],
    },
  },
  {
    // Rule 7 and the rest of the layering that import-x cannot express (lint/layers.js).
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/enter-through-index': 'error',
      'layers/no-cycle': 'error',
    },
  },
  {
    // One assertNever for every exhaustive switch (DESIGN.md style 2), exported by asl/.
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-restricted-syntax': ['error', oneAssertNever],
    },
  },
  {
    files: ['src/asl/**/*.ts', 'src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error', ...impureProperties],
      'no-restricted-imports': ['error', { paths: impureImports }],
      'no-restricted-syntax': [
        'error',
        oneAssertNever,
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes from env/clock (DESIGN.md style 6).',
        },
      ],
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
            ...impureImports,
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
    files: ['src/asl/assert-never.ts'],
    rules: { 'no-restricted-syntax': 'off' },
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
