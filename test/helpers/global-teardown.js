import { rmSync } from "node:fs";

export default async function globalTeardown() {
  const handle = globalThis.tesseraTestDatabase;
  if (!handle) return;
  await handle.db.stop();
  rmSync(handle.dir, { recursive: true, force: true });
}
