import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFullCheck, type FullCheckResult } from './integrity.js';
import { openDatabase } from './open.js';
import { chainHead, GENESIS, logHash, verifyLogChain } from './oplog-chain.js';
import { createOffice, dropTrigger, newCustomer, testEngine } from './testing.js';

let office: ReturnType<typeof createOffice>;
beforeEach(() => {
  office = createOffice();
  const { app, admin, wangId } = office;
  for (const [name, keyword] of [
    ['深圳市中兴通讯股份有限公司', '中兴'],
    ['华为技术有限公司', '华为'],
    ['腾讯科技（深圳）有限公司', '腾讯'],
  ]) {
    const { id } = app.ok(admin, 'customers.create', newCustomer(wangId, { name, keyword }));
    app.ok(admin, 'customers.update', { id, version: 1, ...newCustomer(wangId, { name, keyword, statusId: 3 }) });
  }
});
afterEach(() => office.app.close());

const logCount = () => office.app.db.prepare(`SELECT count(*) FROM record WHERE kind = 'log'`).pluck().get() as number;
const T = '2026-11-26T02:00:00.000Z';

function forge(seq: number, prev: string, hash: string) {
  return office.app.db
    .prepare(
      `INSERT INTO record (customer_id, kind, at, content, created_at, updated_at, log_seq, log_prev, log_hash)
       VALUES (1, 'log', ?, '伪造的日志', ?, ?, ?, ?, ?)`,
    )
    .run(T, T, T, seq, prev, hash);
}

describe('the 操作日志 chain', () => {
  it('links every log row the handlers write, and the verifier walks it', () => {
    const n = logCount();
    expect(n).toBeGreaterThanOrEqual(3);
    expect(verifyLogChain(office.app.db)).toEqual({ ok: true, count: n });
    const rows = office.app.db
      .prepare(`SELECT log_seq, log_prev, log_hash FROM record WHERE kind = 'log' ORDER BY log_seq`)
      .all() as { log_seq: number; log_prev: string; log_hash: string }[];
    expect(rows[0].log_prev).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].log_seq).toBe(i + 1);
      expect(rows[i].log_prev).toBe(rows[i - 1].log_hash);
    }
    expect(chainHead(office.app.db)).toEqual({ seq: n, hash: rows[n - 1].log_hash });
  });

  it('refuses a hand-written log row that does not continue the last one', () => {
    const head = chainHead(office.app.db);
    const hash = 'c'.repeat(64);
    expect(() => forge(head.seq + 2, head.hash, hash)).toThrow('操作日志的序号不接续');
    expect(() => forge(head.seq, head.hash, hash)).toThrow('操作日志的序号不接续');
    expect(() => forge(head.seq + 1, GENESIS, hash)).toThrow('操作日志没有链接到上一条');
    expect(() => forge(head.seq + 1, head.hash, 'not a hash')).toThrow('操作日志缺少链接');
    expect(() => forge(head.seq + 1, head.hash, 'C'.repeat(64))).toThrow('操作日志缺少链接');
    expect(verifyLogChain(office.app.db).ok).toBe(true);
  });

  it('a forged row with a well-formed but made-up hash gets in, and the verifier names it', () => {
    const head = chainHead(office.app.db);
    const id = Number(forge(head.seq + 1, head.hash, 'c'.repeat(64)).lastInsertRowid);
    expect(verifyLogChain(office.app.db)).toEqual({
      ok: false,
      count: head.seq,
      at: { id, seq: head.seq + 1 },
      reason: `操作日志第 ${head.seq + 1} 条（编号 ${id}）的内容与其哈希不符：被改动过`,
    });
    // A forger who computes the hash right is not stopped by SQL, but cannot hide an edit of an older row.
  });

  it('finds a row edited or deleted behind the triggers’ back', () => {
    const db = office.app.db;
    dropTrigger(db, 'record', 'record_log_no_update');
    dropTrigger(db, 'record', 'record_log_no_delete');
    const second = db.prepare(`SELECT id FROM record WHERE log_seq = 2`).pluck().get() as number;
    db.prepare(`UPDATE record SET content = '客户状态: 潜在客户 → 流失客户' WHERE id = ?`).run(second);
    expect(verifyLogChain(db)).toMatchObject({ ok: false, count: 1, at: { id: second, seq: 2 } });
    expect((verifyLogChain(db) as { reason: string }).reason).toContain('被改动过');

    const third = db.prepare(`SELECT id FROM record WHERE log_seq = 3`).pluck().get() as number;
    db.prepare(`DELETE FROM record WHERE log_seq = 2`).run();
    expect(verifyLogChain(db)).toMatchObject({ ok: false, count: 1, at: { id: third, seq: 3 } });
    expect((verifyLogChain(db) as { reason: string }).reason).toBe(
      `操作日志第 2 条缺失（下一条是第 3 条，编号 ${third}）`,
    );
  });

  it('walks the chain a block at a time: every block size finds the same break', () => {
    const db = office.app.db;
    const n = logCount();
    for (const block of [1, 2, 3, n, n + 1]) expect(verifyLogChain(db, block)).toEqual({ ok: true, count: n });
    dropTrigger(db, 'record', 'record_log_no_update');
    const last = db.prepare(`SELECT id FROM record WHERE log_seq = ?`).pluck().get(n) as number;
    db.prepare(`UPDATE record SET content = '改过' WHERE id = ?`).run(last);
    for (const block of [1, 2, 3, n])
      expect(verifyLogChain(db, block)).toMatchObject({ ok: false, count: n - 1, at: { id: last, seq: n } });
  });

  it('hashes the row content: any field changes the hash', () => {
    const row = {
      customerId: 1,
      at: T,
      method: '',
      contactId: null,
      content: '创建客户',
      nextOn: null,
      authorId: 1,
      createdAt: T,
    };
    const h = logHash(GENESIS, 1, row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(logHash(GENESIS, 1, { ...row, content: '创建客户 ' })).not.toBe(h);
    expect(logHash(GENESIS, 1, { ...row, authorId: 2 })).not.toBe(h);
    expect(logHash(GENESIS, 2, row)).not.toBe(h);
    expect(logHash('1'.repeat(64), 1, row)).not.toBe(h);
  });

  it('the weekly check verifies the chain and remembers a break without refusing to start', () => {
    const db = office.app.db;
    const head = chainHead(db);
    forge(head.seq + 1, head.hash, 'd'.repeat(64));
    const result = runFullCheck(db, db.name, new Date('2026-11-30T09:00:00'));
    expect(result.problems).toEqual([]);
    expect(result.chain.ok).toBe(false);
    const saved = JSON.parse(
      db.prepare(`SELECT value FROM maintenance WHERE key = 'oplog_chain'`).pluck().get() as string,
    );
    expect(saved).toMatchObject({ on: '2026-11-30', ok: false, count: head.seq });
  });

  // SQLite only: opening a file runs the full check (openDatabase's fullCheck); a PostgreSQL
  // database is opened by its server with no check at open. The weekly check above (runFullCheck)
  // verifies the chain and remembers a break on both engines.
  it.skipIf(testEngine() === 'pg')(
    'opening a file whose chain was broken by hand still starts, and reports the break',
    () => {
      const { app } = office;
      const file = app.db.name;
      app.db.exec(`DROP TRIGGER record_log_no_update`);
      app.db.prepare(`UPDATE record SET content = '改过的日志' WHERE log_seq = 1`).run();
      app.db.close();
      const results: FullCheckResult[] = [];
      const db = openDatabase(file, { fullCheck: 'always', onFullCheck: (r) => results.push(r) });
      try {
        expect(results).toHaveLength(1);
        expect(results[0].problems).toEqual([]);
        expect(results[0].chain).toMatchObject({ ok: false, at: { seq: 1 } });
      } finally {
        db.close();
      }
      // app.close() closes its (already closed) connection and removes the folder.
      office.app.db = openDatabase(file, { fullCheck: 'never' });
    },
  );
});
