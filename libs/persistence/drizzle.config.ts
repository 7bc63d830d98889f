import { defineConfig } from 'drizzle-kit';

// Paths are relative to the workspace root, where drizzle-kit is run from.
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/persistence/src/schema.ts',
  out: './libs/persistence/drizzle',
});
