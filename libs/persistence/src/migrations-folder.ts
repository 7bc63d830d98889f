import { join } from 'node:path';

/** Where drizzle-kit writes the SQL migrations of {@link ./schema}, shared by every client. */
export const MIGRATIONS_FOLDER = join(import.meta.dirname, '..', 'drizzle');
