/**
 * The quick-search rows of seeded customers, tokenised on a second core while the bulk load runs.
 *
 * What the index holds for a customer is defined once, by the view `customer_search_text`
 * (migration 0012): `crm_search_tokens(name␟keyword␟phone␟region␟contacts)` followed by the
 * visibility tokens (live, owner, each unrevoked delegation). The seed generates its rows in
 * JavaScript and so knows that text without reading it back: `searchText` and `visibilityTokens`
 * build the same strings from the generated values (scripts/seed-search.test.ts compares them
 * with the view on a seeded file), and a worker thread runs `searchTokens` (the tokens and the
 * pinyin — most of the cost) while the main thread goes on generating and inserting the next
 * batch. The main thread then writes each batch's rows into customer_search.
 *
 * The seed stays synchronous (one better-sqlite3 connection, no event loop turns): batches go to
 * the worker by postMessage, results come back on a MessagePort read with receiveMessageOnPort,
 * and the main thread sleeps on a shared counter (Atomics.wait) only when a result is not ready.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startModuleWorker } from '../db/jobs/spawn.js';

/** The first character of the visibility tokens (db/customers/grid.ts, migration 0012). */
const PRIVATE = '\uE000';

export interface SearchContact {
  name: string;
  mobile: string;
  phone: string;
}

/** `customer_search_text.text` of a customer: its searchable fields and contacts, as the view joins them. */
export function searchText(
  c: { name: string; keyword: string; phone: string; region: string },
  contacts: readonly SearchContact[],
): string {
  const people = contacts.map((k) => `${k.name} ${k.mobile} ${k.phone}`).join(' ');
  return `${c.name}\x1f${c.keyword}\x1f${c.phone}\x1f${c.region}\x1f${people}`;
}

/** What the view appends after the words of a live customer: live, 业务员, unrevoked delegations. */
export function visibilityTokens(ownerId: number, delegatedTo: readonly number[]): string {
  const delegates = [...new Set(delegatedTo)].map((to) => `${PRIVATE}d${to}`).join(',');
  return ` ${PRIVATE}l ${PRIVATE}o${ownerId}${delegates ? ` ${delegates}` : ''}`;
}

/** One batch for the worker: customer ids and their texts. */
export interface TokenBatch {
  ids: number[];
  texts: string[];
}

export type TokenReply = { ids: number[]; tokens: string[] } | { error: string };

/** How long the seed waits for one batch before it gives up (a worker that died says so sooner). */
const WAIT_MS = 10 * 60_000;

/**
 * A worker computing `searchTokens` for batches, in order. `send` never blocks; `receive` returns
 * the oldest batch's tokens, waiting for them if needed.
 */
export class SearchTokenPipe {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly done: Int32Array;
  private sent = 0;
  private received = 0;
  private failure: Error | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.done = new Int32Array(new SharedArrayBuffer(4));
    this.worker = startModuleWorker(import.meta.url, './seed-search-worker.ts', 'seed-search-worker.cjs', {
      workerData: { port: port2, done: this.done },
      transferList: [port2],
    });
    // Seen only while the main thread returns to the event loop (not during a synchronous seed);
    // a worker that fails while the seed waits says so through the port (seed-search-worker.ts).
    this.worker.on('error', (err) => (this.failure = err));
  }

  /** Queues a batch. */
  send(batch: TokenBatch): void {
    this.worker.postMessage(batch);
    this.sent++;
  }

  /** Batches sent and not yet received. */
  get pending(): number {
    return this.sent - this.received;
  }

  /** Whether the oldest batch not yet received is ready (receive() would not wait). */
  get ready(): boolean {
    return this.pending > 0 && Atomics.load(this.done, 0) > this.received;
  }

  /** The tokens of the oldest batch not yet received (waits for the worker). */
  receive(): { ids: number[]; tokens: string[] } {
    if (this.pending === 0) throw new Error('SearchTokenPipe.receive: nothing was sent');
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (this.failure) throw this.failure;
      const msg = receiveMessageOnPort(this.port) as { message: TokenReply } | undefined;
      if (msg) {
        this.received++;
        if ('error' in msg.message) throw new Error(`search tokens worker: ${msg.message.error}`);
        return msg.message;
      }
      const seen = Atomics.load(this.done, 0);
      if (seen > this.received) continue; // counted, the message is on its way: read again
      if (Date.now() > deadline) throw new Error('search tokens worker: no answer in 10 minutes');
      Atomics.wait(this.done, 0, seen, 1000);
    }
  }

  close(): Promise<number> {
    this.port.close();
    return this.worker.terminate();
  }
}
