// ESLint flat config: typescript-eslint's recommended rules for the TypeScript sources and tests,
// ESLint's recommended rules for the Node scripts. Formatting is Prettier's job (npm run format).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      'bench/results/**',
      '.vscode-test/**',
      'schemas/generated/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'child_process', message: 'use node:child_process with argument arrays' }] },
      ],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-*'], message: 'the core is pure: no VS Code or LSP imports' },
            { group: ['node:child_process', 'child_process'], message: 'the core runs no programs' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
    },
  },
  {
    // the fake API server and its self-test handle arbitrary Kubernetes JSON
    files: ['test/apiserver/**/*.ts', 'test/apiserver-selftest/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/e2e/**/*.ts', 'test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha, ...globals.browser } },
  },
);
