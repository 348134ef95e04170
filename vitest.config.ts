import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `.vue` files compile in tests too; a component test opts into a DOM with
  // `// @vitest-environment happy-dom` at its top (everything else runs in node).
  plugins: [vue()],
  resolve: {
    // Electron's binary cannot run in tests: main-process code imports `electron` and gets the one
    // fake (tests/support/fake-electron.ts), which records what it was asked to do.
    alias: [
      {
        find: /^electron$/,
        replacement: fileURLToPath(new URL('./tests/support/fake-electron.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['src-*/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Two workers on the 2-core CI machine: most files wait on sockets, not the CPU.
    maxWorkers: 2,
    // electron-store imports `electron`; inlined, it goes through the alias above instead of Node.
    server: { deps: { inline: ['electron-store'] } },
  },
});
