import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into web/dist, which src/server/web-assets.ts serves at `/`.
// `npm run dev:web` proxies nothing: the console calls the API given by ?endpoint= or the page origin.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 3000 },
});
