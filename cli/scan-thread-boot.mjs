// Worker threads start without the TypeScript loader the CLI runs under: register it, then load
// the thread's module (cli/scan-thread.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
