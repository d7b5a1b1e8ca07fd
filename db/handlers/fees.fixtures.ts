/**
 * Test data for area 9 and payments: products and purchases written straight with SQL (as a
 * saved 购买情况 row would be), so these tests do not depend on the 购买情况 tab's handler.
 */
import type { TestApp } from '../testing.js';

export interface PurchaseSeed {
  productId?: number;
  purchasedOn?: string;
  quantity?: number;
  unitPriceCents?: number;
  paidCents?: number;
  annualFeeCents?: number;
  remind?: boolean;
  serviceEndOn?: string | null;
  salespersonId?: number | null;
}

/** A category and a product (编号 `code`), created once per code. */
export function seedProduct(app: TestApp, code = 'RJ-001', name = '用友财务软件 标准版'): number {
  const at = app.clock.now().toISOString();
  const existing = app.db.prepare('SELECT id FROM product WHERE code = ?').pluck().get(code) as number | undefined;
  if (existing) return existing;
  app.db.prepare(`INSERT OR IGNORE INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  return Number(
    app.db
      .prepare(
        `INSERT INTO product (code, name, category_id, unit, guide_price_cents, annual_fee_cents, created_at, updated_at)
         VALUES (?, ?, 1, '套', 1280000, 199990, ?, ?)`,
      )
      .run(code, name, at, at).lastInsertRowid,
  );
}

/** A purchase of a customer; 应付 = 数量 × 单价. Returns its id. */
export function seedPurchase(app: TestApp, customerId: number, p: PurchaseSeed = {}): number {
  const at = app.clock.now().toISOString();
  const quantity = p.quantity ?? 1;
  const unit = p.unitPriceCents ?? 1280000;
  return Number(
    app.db
      .prepare(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
           amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on, salesperson_id, created_at, updated_at)
         VALUES (@customerId, @productId, @purchasedOn, @quantity, @unit, @due, @paid, @fee, @remind, @endOn, @sp, @at, @at)`,
      )
      .run({
        customerId,
        productId: p.productId ?? seedProduct(app),
        purchasedOn: p.purchasedOn ?? '2026-01-05',
        quantity,
        unit,
        due: quantity * unit,
        paid: p.paidCents ?? 0,
        fee: p.annualFeeCents ?? 0,
        remind: p.remind ? 1 : 0,
        endOn: p.serviceEndOn ?? null,
        sp: p.salespersonId ?? null,
        at,
      }).lastInsertRowid,
  );
}
