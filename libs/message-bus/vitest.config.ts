import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The Kafka files spend most of their time waiting for the mock's group joins (about 3 s
    // each), not on the CPU: running them side by side keeps the suite short on two cores.
    maxWorkers: 4,
  },
});
