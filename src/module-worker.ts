/**
 * Starts a worker thread that runs one of this project's modules, whether the sources run as
 * TypeScript (through tsx: `npm start`, tests) or as built JavaScript. The module tells it is the
 * worker by the `role` in its workerData.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** What a module started this way finds in its workerData, besides what the caller passed. */
export interface ModuleWorkerData {
  role: string;
  moduleUrl: string;
  /** tsx's API, registered before the module is imported; null when the module is JavaScript. */
  loader: string | null;
}

// An eval'd bootstrap, so the worker can register the TypeScript loader before importing the module.
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
  (async () => {
    if (workerData.loader) (await import(workerData.loader)).register();
    await import(workerData.moduleUrl);
  })();`;

/** A worker running the module at `moduleUrl` (its import.meta.url) with `role` and `data` in its workerData. */
export function startModuleWorker(
  moduleUrl: string,
  role: string,
  data: Record<string, unknown> = {},
  options: { resourceLimits?: ResourceLimits } = {},
): Worker {
  const loader = moduleUrl.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
  const workerData: ModuleWorkerData & Record<string, unknown> = { ...data, role, moduleUrl, loader };
  return new Worker(BOOTSTRAP, { eval: true, workerData, ...options });
}

/** True in a worker started by startModuleWorker for `role`. */
export function isModuleWorker(workerData: unknown, role: string): boolean {
  return (workerData as { role?: unknown } | null)?.role === role;
}
