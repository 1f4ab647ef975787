import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is a static bundle: every asset is served from its own origin (no CDN, no fonts),
// and `base: './'` lets the build be hosted from any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
