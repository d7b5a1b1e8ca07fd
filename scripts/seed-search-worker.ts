/**
 * The seed's second core (scripts/seed-search.ts): `searchTokens` of each text of each batch,
 * posted back on the port in the order received, then the shared counter is raised and the main
 * thread woken.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { searchTokens } from '../core/fold.js';
import type { TokenBatch, TokenReply } from './seed-search.js';

const { port, done } = workerData as { port: MessagePort; done: Int32Array };

parentPort!.on('message', (batch: TokenBatch) => {
  let reply: TokenReply;
  try {
    reply = { ids: batch.ids, tokens: batch.texts.map(searchTokens) };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
