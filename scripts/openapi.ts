// Writes the OpenAPI document of the current routes to apps/api/openapi.json (committed, so API
// changes show up in review; apps/api/test/openapi.int.test.ts fails when it is stale).
// Usage: node --import tsx scripts/openapi.ts
import { writeFile } from 'node:fs/promises';
import { createTestApp } from '../apps/api/test/harness';

export const OPENAPI_PATH = new URL('../apps/api/openapi.json', import.meta.url);

const t = await createTestApp();
try {
  await writeFile(OPENAPI_PATH, `${JSON.stringify(t.app.swagger(), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_PATH.pathname}`);
} finally {
  await t.close();
}
