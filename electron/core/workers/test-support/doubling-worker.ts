import { parentPort, workerData } from 'node:worker_threads';
import { ConsoleError } from '#shared/errors.ts';
import { serveWorker } from '../serve-worker.ts';

// A database worker without a database, served by the real serveWorker, to test how workers end.
// workerData.lingerMs: a timer the "database" leaves running after close, as a leaked handle would.
const { lingerMs } = workerData as { lingerMs: number };
await serveWorker(
  parentPort!,
  async () => ({
    db: { close: () => void (lingerMs > 0 && setTimeout(() => undefined, lingerMs)) },
    store: { double: (value: number) => value * 2 },
  }),
  ['double'],
  (error) => (error instanceof ConsoleError ? error : new ConsoleError('internal', String(error))).toPayload(),
);
