/**
 * The move of a 交接, inside the router's one transaction: all of it is written, or none of it.
 *
 * Large handovers (50,000 customers) run in chunks of HANDOVER_CHUNK customers — each chunk a few
 * set-based statements (the owner per recipient, the handover rows, the delegations to revoke,
 * the 操作日志 lines as multi-row INSERTs) — so memory and statement sizes stay bounded and
 * PostgreSQL sees a few hundred round trips, not a few per customer. The chunks are not separate
 * commits: the user sees the 交接 done or not done, never half of it. What that costs:
 * - SQLite (one writer): other saves wait for the 交接 (the data host's writer runs one call at a
 *   time); readers keep reading the state before it (WAL) until it commits.
 * - PostgreSQL: the office's write lock (an advisory lock every write transaction takes, see
 *   engine/pg-database.ts) is held likewise; readers on every server see the state before it
 *   (MVCC) until it commits.
 * Committing chunk by chunk would let other saves in between, but a failure halfway would leave
 * customers split between two people with 操作日志 lines that can never be taken back — worse for
 * an office than a pause of seconds while someone's customers move.
 */
import { nowIso, today, type Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { writeLogs } from '../oplog.js';

export const HANDOVER_CHUNK = 500;

export interface Recipient {
  id: number;
  name: string;
}

/**
 * Moves every customer of `fromId` to `to` in turn (customer i to to[i mod n]): live ones in
 * 客户状态 then 创建日期 order (customer_live_owner, so each colleague gets a fair share of every
 * status), then the soft-deleted ones. Revokes the open delegations on them. Returns how many
 * each recipient received, in `to`'s order.
 */
export function moveCustomers(
  ctx: Ctx,
  handoverId: number,
  from: { id: number; name: string },
  to: Recipient[],
): number[] {
  const db = ctx.db;
  const ids = db
    .prepare<{ owner: number }, number>(
      `SELECT id FROM (SELECT c.id, 0 AS part, c.status_id, c.created_on FROM customer c
         WHERE c.owner_id = @owner AND c.deleted_at IS NULL
       UNION ALL SELECT c.id, 1, 0, '' FROM customer c INDEXED BY customer_deleted
         WHERE c.owner_id = @owner AND c.deleted_at IS NOT NULL) m
       ORDER BY part, status_id, created_on, id`,
    )
    .pluck()
    .all({ owner: from.id });
  const received = to.map(() => 0);
  if (!ids.length) return received;
  const json = (xs: number[]) => JSON.stringify(xs);
  const inIds = `IN (SELECT value FROM ${dialectOf(db).jsonIds('?', 'j')})`;
  const at = nowIso(ctx);
  const day = today(ctx);
  const setOwner = db.prepare(
    `UPDATE customer SET owner_id = ?, updated_at = ?, version = version + 1 WHERE id ${inIds}`,
  );
  const record = db.prepare(
    `INSERT INTO handover_customer (handover_id, to_id, customer_id) SELECT ?, ?, value FROM ${dialectOf(db).jsonIds('?', 'j')}`,
  );
  const openDelegations = db.prepare<[string, string], { id: number; customer_id: number; to_name: string }>(
    `SELECT d.id, d.customer_id, t.name AS to_name FROM delegation d JOIN staff t ON t.id = d.to_id
     WHERE d.customer_id ${inIds} AND d.revoked_at IS NULL AND (d.end_on IS NULL OR d.end_on >= ?)
     ORDER BY d.customer_id, d.id`,
  );
  const revoke = db.prepare(`UPDATE delegation SET revoked_at = ?, revoked_by = ? WHERE id ${inIds}`);

  for (let start = 0; start < ids.length; start += HANDOVER_CHUNK) {
    const chunk = ids.slice(start, start + HANDOVER_CHUNK);
    const perTarget = to.map((): number[] => []);
    const targetOf = new Map<number, Recipient>();
    chunk.forEach((id, k) => {
      const t = (start + k) % to.length;
      perTarget[t].push(id);
      targetOf.set(id, to[t]);
    });
    perTarget.forEach((part, t) => {
      if (!part.length) return;
      setOwner.run(to[t].id, at, json(part));
      record.run(handoverId, to[t].id, json(part));
      received[t] += part.length;
    });
    const delegations = openDelegations.all(json(chunk), day);
    if (delegations.length) revoke.run(at, ctx.user.id, json(delegations.map((d) => d.id)));
    const revokedOf = new Map<number, string[]>();
    for (const d of delegations) revokedOf.set(d.customer_id, [...(revokedOf.get(d.customer_id) ?? []), d.to_name]);
    const lines: { customerId: number; content: string }[] = [];
    for (const id of chunk) {
      const what = `交接：${from.name} → ${targetOf.get(id)!.name}`;
      lines.push({ customerId: id, content: what });
      for (const name of revokedOf.get(id) ?? [])
        lines.push({ customerId: id, content: `收回授权：${name}（${what}）` });
    }
    writeLogs(ctx, lines);
  }
  return received;
}

/** Revokes the open delegations `leaver` received, each with its line on that customer. */
export function revokeReceived(ctx: Ctx, leaver: { id: number; name: string }): number {
  const db = ctx.db;
  const rows = db
    .prepare<[number, string], { id: number; customer_id: number }>(
      `SELECT d.id, d.customer_id FROM delegation d
       WHERE d.to_id = ? AND d.revoked_at IS NULL AND (d.end_on IS NULL OR d.end_on >= ?) ORDER BY d.id`,
    )
    .all(leaver.id, today(ctx));
  if (!rows.length) return 0;
  db.prepare(
    `UPDATE delegation SET revoked_at = ?, revoked_by = ? WHERE id IN (SELECT value FROM ${dialectOf(db).jsonIds('?', 'j')})`,
  ).run(nowIso(ctx), ctx.user.id, JSON.stringify(rows.map((r) => r.id)));
  writeLogs(
    ctx,
    rows.map((r) => ({ customerId: r.customer_id, content: `收回授权：${leaver.name}（${leaver.name}交接离职）` })),
  );
  return rows.length;
}
