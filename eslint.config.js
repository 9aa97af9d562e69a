// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.warroom/**', 'bench/results.json', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      // Features are objects handed to the runtime, never modules imported for their side effects.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[specifiers.length=0][source.value=/^[.]/]",
          message: 'Import something by name: a module imported only for its side effects (a feature registering itself) is invisible to the code that needs it.',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The sandbox page's own browser scripts: plain JavaScript served as is, checked without types.
    files: ['src/standin/page/assets/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', localStorage: 'readonly', fetch: 'readonly', EventSource: 'readonly', CSS: 'readonly', URLSearchParams: 'readonly', mermaid: 'readonly' },
    },
  },
);
