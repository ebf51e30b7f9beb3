import { defineConfig } from 'vite';

// The server sends a CSP of default-src 'self': no asset may become a data: URI,
// and every script and style must be an external file.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
  },
});
