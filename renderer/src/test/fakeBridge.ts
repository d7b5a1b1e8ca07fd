/**
 * For component tests: the renderer's transport seam (`window.crm`, which Electron's preload or
 * the WebSocket bridge fills in the app) filled with a small fake that answers each method from a
 * queue of results the test gives, and records every call. The product code above it — `call`,
 * Message, the stores — runs as in the app.
 */
import type { AppErrorShape, MethodName, Result } from '../../../core/contract';

export type Answer = Result<unknown> | ((input: unknown) => Result<unknown>);

export interface FakeBridge {
  /** Every call, in order: the method and the input as sent. */
  calls: { name: MethodName; input: unknown }[];
  /** The inputs sent to one method. */
  inputsOf(name: MethodName): unknown[];
  /** Queues answers for a method; the last one keeps answering once the others are used. */
  answer(name: MethodName, ...answers: Answer[]): void;
}

export const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
export const refused = (error: AppErrorShape): Result<unknown> => ({ ok: false, error });

export function installFakeBridge(): FakeBridge {
  const queues = new Map<MethodName, Answer[]>();
  const calls: FakeBridge['calls'] = [];
  window.crm = {
    invoke: async (name, input) => {
      calls.push({ name, input });
      const queue = queues.get(name);
      if (!queue?.length) return refused({ code: 'unknown_method', message: `测试未准备 ${name}` });
      const next = queue.length > 1 ? queue.shift()! : queue[0];
      return typeof next === 'function' ? next(input) : next;
    },
    on: () => () => undefined,
  };
  return {
    calls,
    inputsOf: (name) => calls.filter((c) => c.name === name).map((c) => c.input),
    answer: (name, ...answers) => queues.set(name, answers),
  };
}

/**
 * jsdom lays nothing out, so every element has no client rects and the dialogs' focus rules
 * (components/Modal.tsx: only what is shown takes the focus) would find nothing to focus. Gives
 * each connected element one rect, as a browser would for what is on screen.
 */
export function layOutEverything(): void {
  Element.prototype.getClientRects = function (this: Element) {
    return (this.isConnected ? [new DOMRect(0, 0, 100, 20)] : []) as unknown as DOMRectList;
  };
}
