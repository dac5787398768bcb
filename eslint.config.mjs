// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'node:fs',
  'fs',
  'node:fs/promises',
  'node:net',
  'net',
  'node:http',
  'http',
  'node:child_process',
  'child_process',
];
const FRAMEWORKS_AND_DRIVERS = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'pg',
  'bullmq',
  'ioredis',
  'nodemailer',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'web/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*'],
              message: 'Use a path alias (@app/…, @puentes/…, @test/… in tests).',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure core: no framework, no driver, no I/O (architecture: libs/ is pure TypeScript).
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FRAMEWORKS_AND_DRIVERS, message: 'libs/ must stay pure TypeScript.' },
            { group: ['@app/*'], message: 'libs/ may not reach into the app.' },
          ],
          paths: IO_MODULES,
        },
      ],
    },
  },
  {
    // A lib's tests may read files (fixtures, its own sources); they still use no framework.
    files: ['libs/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FRAMEWORKS_AND_DRIVERS, message: 'libs/ must stay pure TypeScript.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.js', 'jest.config.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        console: 'readonly',
        process: 'readonly',
        setInterval: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // globalSetup runs outside jest's module registry, where path aliases do not resolve.
    files: ['test/support/global-setup.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
