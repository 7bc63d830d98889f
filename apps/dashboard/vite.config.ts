import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: one page served by the runner at `/`, its files (hashed names) under
 * `/assets/`. `vite` (dev server) proxies the API to a runner at ARENA_RUNNER_URL or
 * http://127.0.0.1:8787.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(
      [
        '/games',
        '/leaderboard',
        '/champions',
        '/characters',
        '/scenarios',
        '/series',
        '/healthz',
        '/readyz',
        '/openapi.json',
      ].map((path) => [path, { target: runnerUrl(), changeOrigin: true }]),
    ),
  },
});

function runnerUrl(): string {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
    ?.env;
  return env?.['ARENA_RUNNER_URL'] ?? 'http://127.0.0.1:8787';
}
