import vue from '@vitejs/plugin-vue';
import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The management UI (src-renderer): served by the gateway at `/` (loopback listener only) and
 * loaded by the desktop window. The manifest lets the budget test (tests/renderer-budget.test.ts)
 * measure the initial JavaScript; every view is its own chunk.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src-renderer'),
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n: no legacy API and no runtime message compiler that needs eval (the CSP forbids it).
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist-renderer'),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1000,
  },
});
