import { rm } from 'node:fs/promises';

// Removes the run's data folders (local Logto and app databases) after the servers stop.
export default async function globalTeardown() {
  const runDir = process.env.E2E_RUN_DIR;
  if (runDir) await rm(runDir, { recursive: true, force: true });
}
