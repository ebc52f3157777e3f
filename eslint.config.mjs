// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports each layer may not use (shared/ARCHITECTURE.md): the domain stays free of the edge. */
const EDGE_PACKAGES = [
  {
    group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
    message: 'botbuilder stays in src/bot, src/channels and dialogs/.',
  },
  {
    group: ['restify', 'restify-*'],
    message: 'restify stays in src/server.ts, src/api, src/staff, src/open311 and src/channels.',
  },
  {
    group: ['ioredis'],
    message: 'ioredis stays in src/store/redis (and src/app.ts, which wires it).',
  },
];
const DOMAIN_UPWARD = [
  {
    group: [
      '**/store/**',
      '**/bot/**',
      '**/channels/**',
      '**/api/**',
      '**/staff/**',
      '**/open311/**',
      '**/server',
      '**/app',
      '**/dialogs/**',
    ],
    message: 'the domain talks to ports, not adapters or the edge.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', 'bin/', 'intents/model/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // natural's submodules are CommonJS without typings; `import x = require()` is how TS types them.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^natural/'] }],
    },
  },
  {
    files: [
      'src/nlu/**',
      'src/routing/**',
      'src/tickets/**',
      'src/handoff/**',
      'src/supervision/**',
      'src/stats/**',
      'src/access/**',
      'src/validation/**',
      'src/core/**',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...EDGE_PACKAGES, ...DOMAIN_UPWARD] }],
    },
  },
  {
    files: [
      'src/nlu/**',
      'src/routing/**',
      'src/tickets/**',
      'src/handoff/**',
      'src/supervision/**',
      'src/stats/**',
      'src/access/**',
      'src/validation/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'only src/index.ts reads the environment.' },
      ],
    },
  },
  {
    files: ['dialogs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            EDGE_PACKAGES[1],
            EDGE_PACKAGES[2],
            { group: ['**/store/**'], message: 'dialogs use services and ports, not stores.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [EDGE_PACKAGES[0], EDGE_PACKAGES[1]] }],
    },
  },
  {
    // The one bridge: botbuilder's Storage interface implemented over Redis.
    files: ['src/store/redis/botStateStorage.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDGE_PACKAGES[1]] }] },
  },
  {
    // Building a zod schema costs 10-25 µs; one built inside a function is built on every call
    // (four such on a turn's path cost 3% of its CPU). Schemas are module constants.
    files: ['src/**', 'dialogs/**'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            ":function CallExpression[callee.type='MemberExpression'][callee.object.name='z'][callee.property.name=/^(object|looseObject|strictObject|string|number|boolean|array|record|union|discriminatedUnion|tuple|literal|enum|custom|lazy|instanceof|int|null|unknown|date|intersection|optional|nullable)$/]",
          message: 'build zod schemas once, as module constants, not on every call.',
        },
        {
          selector:
            ":function CallExpression[callee.type='MemberExpression'][callee.object.name=/Schema$/][callee.property.name=/^(catch|extend|pick|omit|partial|merge|nullable|optional|default|array|refine|transform|pipe|or|and)$/]",
          message: 'derive zod schemas once, as module constants, not on every call.',
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Without a message, a failing assert.ok() makes Node re-read the .ts source at the
      // compiled position and parse it with acorn; in a long test file that took minutes of
      // CPU, so the failure showed as a hung suite instead of a report.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[arguments.length=1][callee.type='MemberExpression'][callee.object.name='assert'][callee.property.name='ok']",
          message: 'give assert.ok() a message: without one a failure can hang the run.',
        },
        {
          selector: "CallExpression[arguments.length=1][callee.name='assert']",
          message: 'give assert() a message: without one a failure can hang the run.',
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
