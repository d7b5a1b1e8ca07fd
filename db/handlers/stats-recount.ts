/**
 * The counters of 0011 (money_day, product_month, arrears_day, followup_activity)
 * recounted from the base tables: the tests compare each counter table with its recount after
 * every kind of write, and a repair could rebuild a table from it.
 */
import type { DB } from '../open.js';

export const STATS_COUNTERS = {
  money_day: {
    counters: `SELECT live, day, owner_id, purchases, sales_cents, payments, collected_cents FROM money_day
               WHERE purchases <> 0 OR sales_cents <> 0 OR payments <> 0 OR collected_cents <> 0 ORDER BY 1, 2, 3`,
    recount: `SELECT live, day, owner_id, sum(purchases) AS purchases, sum(sales_cents) AS sales_cents,
                sum(payments) AS payments, sum(collected_cents) AS collected_cents
              FROM (SELECT c.deleted_at IS NULL AS live, p.purchased_on AS day, c.owner_id, 1 AS purchases,
                      p.amount_due_cents AS sales_cents, 0 AS payments, 0 AS collected_cents
                    FROM purchase p JOIN customer c ON c.id = p.customer_id
                    UNION ALL
                    SELECT c.deleted_at IS NULL, m.paid_on, c.owner_id, 0, 0, 1, m.amount_cents
                    FROM payment m JOIN purchase p ON p.id = m.purchase_id JOIN customer c ON c.id = p.customer_id)
              GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  },
  product_month: {
    counters: `SELECT live, month, owner_id, product_id, purchases, quantity, cents FROM product_month
               WHERE purchases <> 0 OR quantity <> 0 OR cents <> 0 ORDER BY 1, 2, 3, 4`,
    recount: `SELECT c.deleted_at IS NULL AS live, substr(p.purchased_on, 1, 7) AS month, c.owner_id, p.product_id,
                count(*) AS purchases, sum(p.quantity) AS quantity, sum(p.amount_due_cents) AS cents
              FROM purchase p JOIN customer c ON c.id = p.customer_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  },
  arrears_day: {
    counters: `SELECT live, day, owner_id, purchases, cents FROM arrears_day
               WHERE purchases <> 0 OR cents <> 0 ORDER BY 1, 2, 3`,
    recount: `SELECT c.deleted_at IS NULL AS live, p.purchased_on AS day, c.owner_id, count(*) AS purchases,
                sum(p.amount_due_cents - p.amount_paid_cents) AS cents
              FROM purchase p JOIN customer c ON c.id = p.customer_id
              WHERE p.amount_paid_cents < p.amount_due_cents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  },
  followup_activity: {
    counters: `SELECT live, day, owner_id, author_id, n FROM followup_activity WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
    recount: `SELECT c.deleted_at IS NULL AS live, date(r.at, 'localtime') AS day, c.owner_id,
                coalesce(r.author_id, 0) AS author_id, count(*) AS n
              FROM record r JOIN customer c ON c.id = r.customer_id
              WHERE r.kind = 'followup' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  },
} as const;

export type StatsCounter = keyof typeof STATS_COUNTERS;

/** Each counter table's non-zero rows and its recount, side by side (equal when the triggers are right). */
export function statsCountersAndRecount(db: DB): Record<StatsCounter, { counters: unknown[]; recount: unknown[] }> {
  const out = {} as Record<StatsCounter, { counters: unknown[]; recount: unknown[] }>;
  for (const [name, q] of Object.entries(STATS_COUNTERS) as [StatsCounter, { counters: string; recount: string }][])
    out[name] = { counters: db.prepare(q.counters).all(), recount: db.prepare(q.recount).all() };
  return out;
}

/**
 * Recomputes every counter table of 0011 from the base tables (each recount's columns are its
 * table's, in order), or those named — for a bulk load that turned the triggers off (scripts/seed.ts)
 * or a repair.
 * Runs in the caller's transaction when there is one.
 */
export function rebuildStatsCounters(
  db: DB,
  only: readonly StatsCounter[] = Object.keys(STATS_COUNTERS) as StatsCounter[],
): void {
  db.transaction(() => {
    for (const name of only) {
      db.exec(`DELETE FROM ${name}`);
      db.exec(`INSERT INTO ${name} ${STATS_COUNTERS[name].recount}`);
    }
  })();
}
