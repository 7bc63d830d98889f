import { join } from 'node:path';

/** Where drizzle-kit writes the SQL migrations of `schema.ts`; every client applies the same ones. */
export const MIGRATIONS_FOLDER = join(import.meta.dirname, '..', 'drizzle');
