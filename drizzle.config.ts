import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from lib/db/schema.ts (`npm run db:generate`). The same migrations
// serve PGlite and PostgreSQL; they are applied when the app opens its database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './lib/db/migrations',
});
