// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/stores/**',
      'data/**',
      'coverage/**',
      'apps/web/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A variable declared before the closure that reads it, assigned once after: not a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Unused parameters named `_x` are deliberate (interfaces, Nest signatures).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // The domain and its use cases assert what must hold (`assert` names the invariant) instead of a `!`.
    files: ['libs/ledger/src/**/*.ts', 'libs/application/src/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/test/**/*.ts',
      '**/testing/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.{js,ts}',
    ],
    rules: {
      // Fault specs keep the last value of a loop variable for the report.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
