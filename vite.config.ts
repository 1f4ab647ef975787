import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';

/**
 * Vite 8 calls `closeBundle` once more, without the error, after a failed build: the service
 * worker step then fails on the missing output and its workbox error ("Couldn't find configuration
 * for either precaching or runtime caching") replaces the build's own. It is skipped instead.
 */
function serviceWorker(options: Partial<VitePWAOptions>): Plugin[] {
  let buildFailed = false;
  const watch: Plugin = {
    name: 'cascade:build-outcome',
    buildStart() {
      buildFailed = false;
    },
    buildEnd(error) {
      buildFailed = error !== undefined;
    },
  };
  return [
    watch,
    ...VitePWA(options).map((plugin): Plugin => {
      const close = plugin.closeBundle;
      if (!close) return plugin;
      const handler = typeof close === 'function' ? close : close.handler;
      const guarded: typeof handler = function (this, ...args) {
        return buildFailed ? undefined : handler.apply(this, args);
      };
      return {
        ...plugin,
        closeBundle: typeof close === 'function' ? guarded : { ...close, handler: guarded },
      };
    }),
  ];
}

// The app is a static bundle: every asset is served from its own origin (no CDN, no fonts),
// and `base: './'` lets the build be hosted from any sub-path.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    // Offline after the first visit: a generated service worker precaches the whole build and the
    // sample incident. Its scope and script URL follow `base`, so they are relative to the page too.
    serviceWorker({
      strategies: 'generateSW',
      // app/offline/ registers it from the module bundle: an inline register script would be refused
      // by the page's `script-src 'self'`.
      injectRegister: false,
      // autoUpdate would reload every open tab when a new version activates, throwing away an
      // analysis of files that exist only in that tab's memory; the user reloads when ready instead.
      registerType: 'prompt',
      // No install prompt is wanted, and a manifest would only be one more request.
      manifest: false,
      workbox: {
        // Workbox's defaults leave out .svg, .json, .log and .txt. The sample is listed by folder
        // rather than by extension so that a sample file of any kind is cached; source maps are
        // not needed offline.
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg}', 'sample.json', 'sample/**/*'],
        globIgnores: ['**/*.map'],
        // One file over workbox's 2 MiB limit fails the build (the plugin's default) rather than
        // silently being left out; every file of the build and the sample is well under it.
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
        // The runtime goes inside sw.js: no second script to import, from anywhere.
        inlineWorkboxRuntime: true,
        // On the first visit the page is controlled as soon as the precache is complete, so the
        // chart chunk and the sample come from the cache even if the network goes before a reload.
        clientsClaim: true,
        // Only the page itself (with or without a query) falls back to the cached index.html; a
        // navigation to a sample file or a path the host serves shows what the host serves.
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/\/(?:index\.html)?(?:\?.*)?$/],
        sourcemap: false,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
