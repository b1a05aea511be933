// Lint enforces the layer rules of ARCHITECTURE.md: imports point down only.
import tseslint from 'typescript-eslint';

const restrict = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }] },
});

const UPPER = {
  cli: ['**/cli/**', '*/cli/*'],
  host: ['**/host/**'],
  ops: ['**/ops/**'],
  sources: ['**/sources/**'],
  vault: ['**/vault/**'],
  keys: ['**/keys/**'],
  storage: ['**/storage/**'],
  catalog: ['**/catalog/**'],
};
const UI = ['electron', 'electron/*', 'react', 'react-dom', 'react/*', '**/renderer/**', 'zustand'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/out/**', 'build/out.*/**', 'coverage/**', 'test/fixtures/**', 'test/bench/.work/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  restrict(['src/**/*.ts'], UI, 'src/ never imports the UI (electron, react, renderer/)'),
  restrict(['src/util/**/*.ts'], ['../*/**', '!../util/**'], 'util/ is the bottom layer'),
  restrict(['src/crypto/**/*.ts', 'src/chunker/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.sources, ...UPPER.vault, ...UPPER.keys, ...UPPER.storage, ...UPPER.catalog], 'primitives import only util/'),
  restrict(['src/storage/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.sources, ...UPPER.vault, ...UPPER.keys, ...UPPER.catalog], 'storage/ sits below vault/, keys/ and ops/'),
  restrict(['src/keys/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.sources, ...UPPER.vault, ...UPPER.storage, ...UPPER.catalog], 'keys/ uses only crypto/ and util/'),
  restrict(['src/vault/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.sources, ...UPPER.catalog, '**/storage/s3/**', '**/storage/file-store*', '**/storage/memory-store*'], 'vault/ depends on the BlobStore interface, never a backend, nor on layers above'),
  restrict(['src/sources/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.catalog, '**/storage/**'], 'sources/ talk to the vault through BlobSink/BlobFetcher, never to storage'),
  restrict(['src/ops/**/*.ts'], [...UPPER.cli, ...UPPER.host, '**/storage/s3/**', '**/storage/file-store*', '**/storage/memory-store*'], 'ops/ depend on interfaces, never on a concrete store'),
  restrict(['src/host/**/*.ts'], [...UPPER.cli], 'host/ is below the front doors'),
  restrict(['src/api/**/*.ts'], [...UPPER.cli, ...UPPER.host, ...UPPER.ops, ...UPPER.sources, ...UPPER.vault, ...UPPER.keys, ...UPPER.storage, ...UPPER.catalog], 'src/api holds only the typed table'),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)src/(?!api/)', message: 'renderer/ imports only src/api' },
        { regex: '^(electron|node:.*)$', message: 'the renderer runs in a sandbox: no Electron, no Node' },
      ] }],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)src/(?!api/)', message: 'the preload imports only electron and src/api' },
        { regex: '^node:', message: 'the preload is sandboxed: no Node' },
      ] }],
    },
  },
  {
    files: ['renderer/src/screens/**/*.tsx', 'renderer/src/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)src/(?!api/)', message: 'renderer/ imports only src/api' },
        { regex: '(^|/)bridge(\\.js)?$', message: 'only stores call the bridge' },
      ] }],
    },
  },
);
