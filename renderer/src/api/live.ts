/**
 * The one invalidation path of the renderer: every write — this window's own or another PC's —
 * arrives as a change event (areas + customer ids, core/contract/areas.ts) from the data side, and
 * each pane refetches only when an event overlaps what it shows. No pane calls "changed" by hand.
 */
import { useEffect, useState } from 'react';
import { AREAS, type Area, type ChangeEvent } from '../../../core/contract';
import { bridge } from './bridge';

type Listener = (event: ChangeEvent) => void;

/** Events this close together cause one refetch per pane (well inside the one-second promise). */
const COALESCE_MS = 150;
const listeners = new Set<Listener>();
let subscribed = false;

function ensureSubscribed() {
  if (subscribed) return;
  subscribed = true;
  bridge().on('changed', (event) => listeners.forEach((l) => l(event)));
}

export function onChange(listener: Listener): () => void {
  ensureSubscribed();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** 刷新: every pane reloads what it shows, as if everything had changed. */
export function refreshAll(): void {
  const event: ChangeEvent = { method: 'refresh', areas: [...AREAS], customerIds: [] };
  listeners.forEach((l) => l(event));
}

/**
 * Whether an event concerns a pane showing these areas (of one customer, when given). An event
 * without customer ids (a product renamed, a status renamed, 刷新) concerns every customer.
 */
export function concerns(event: ChangeEvent, areas: readonly Area[], customerId?: number | null): boolean {
  if (!event.areas.some((a) => areas.includes(a))) return false;
  if (customerId == null || event.customerIds.length === 0) return true;
  return event.customerIds.includes(customerId);
}

/**
 * A counter that goes up each time data this pane shows changed; use it as an effect's
 * dependency to refetch. `skip` leaves out events the pane already has (its own save's answer).
 */
export function useChanges(
  areas: readonly Area[],
  customerId?: number | null,
  skip?: (event: ChangeEvent) => boolean,
): number {
  const [count, setCount] = useState(0);
  const key = areas.join(',');
  useEffect(
    () => {
      // A burst of events (an import, a busy office) becomes one refetch.
      let timer: ReturnType<typeof setTimeout> | null = null;
      const off = onChange((event) => {
        if (!concerns(event, key.split(',') as Area[], customerId) || skip?.(event) || timer) return;
        timer = setTimeout(() => {
          timer = null;
          setCount((n) => n + 1);
        }, COALESCE_MS);
      });
      return () => {
        off();
        if (timer) clearTimeout(timer);
      };
    },
    // skip is read when an event comes; a new function each render must not resubscribe.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, customerId],
  );
  return count;
}
