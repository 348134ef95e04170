import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `.vue` files compile in tests too; a component test opts into a DOM with
  // `// @vitest-environment happy-dom` at its top (everything else runs in node).
  plugins: [vue()],
  test: {
    include: ['src-*/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Two workers on the 2-core CI machine: most files wait on sockets, not the CPU.
    maxWorkers: 2,
  },
});
