/**
 * The portal and console as a small static build: vanilla TypeScript, no framework, hashed assets,
 * no inline scripts (the Content-Security-Policy forbids them), no module-preload polyfill (it is
 * an inline script).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
