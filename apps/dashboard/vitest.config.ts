import { defineConfig } from 'vitest/config';

/** Unit tests of the dashboard's pure logic (event folding, SSE parsing, replay state). */
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
