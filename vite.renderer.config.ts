import vue from '@vitejs/plugin-vue';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The login page's chunks fetched beside the entry (`<link rel="modulepreload">`), not after it
 * has run: a first visit in a browser starts there, and its first paint has a 1 s budget
 * (`npm run bench:ui`). Views stay lazy chunks; this only starts the download earlier.
 */
function preloadLoginView(): Plugin {
  return {
    name: 'preload-login-view',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle ?? {};
        const login = Object.values(bundle).find(
          (output) => output.type === 'chunk' && output.facadeModuleId?.endsWith('/views/login/index.vue'),
        );
        if (!login || login.type !== 'chunk') return [];
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.has(fileName) || !chunk || chunk.type !== 'chunk') return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(login.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The management UI (src-renderer): served by the gateway at `/` (loopback listener only) and
 * loaded by the desktop window. The manifest lets the budget test (tests/renderer-budget.test.ts)
 * measure the initial JavaScript; every view is its own chunk.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src-renderer'),
  base: '/',
  plugins: [vue(), preloadLoginView()],
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
