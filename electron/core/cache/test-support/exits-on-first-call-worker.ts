import { parentPort } from 'node:worker_threads';

// Stands in for a cache worker that dies mid-request (e.g. a native crash), to test the client.
parentPort?.postMessage({ kind: 'opened' });
parentPort?.on('message', () => process.exit(7));
