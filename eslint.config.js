import tseslint from 'typescript-eslint';

const pureCore = ['src/lib/**/*.ts', 'src/sim/**/*.ts', 'src/scenarios/**/*.ts', 'src/grading/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: pureCore,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'The core runs on simulated time (DESIGN §1.1).' },
        { name: 'setInterval', message: 'The core runs on simulated time (DESIGN §1.1).' },
        { name: 'performance', message: 'The core runs on simulated time (DESIGN §1.1).' },
        { name: 'process', message: 'The core does no I/O (DESIGN §1.1).' }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG in src/lib/prng.ts (DESIGN §1.1).' },
        { object: 'Date', property: 'now', message: 'Use simulated time (DESIGN §1.1).' }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use simulated time (DESIGN §1.1).' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'http', 'crypto'], message: 'The core does no I/O (DESIGN §1.1).' }] }],
    },
  },
);
