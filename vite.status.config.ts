import { defineConfig } from 'vite';
import path from 'node:path';

/** The public status page: its own small bundle, served at /status by the main and LAN listeners. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src-status'),
  base: '/status/',
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist-status'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
});
