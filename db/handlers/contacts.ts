import { applyPlan, expectOne, planBatch, rowError, rowLabel, tokenOf, type BatchKind } from '../batch.js';
import { childRows } from '../child-rows.js';
import { contactLabels, type Contact, type ContactFields, type ContactList } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { writeLog } from '../oplog.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, type CustomerAccess } from '../visibility.js';
import { isMasked, maskPhone, refuseMaskedNumber } from '../pool/mask.js';

export const CONTACTS_CONFLICT = '该客户的联系人已被其他人修改，请点“刷新”重新读取后再编辑（您的修改没有保存）';

const COLUMNS: Record<keyof ContactFields, string> = {
  name: 'name',
  gender: 'gender',
  title: 'title',
  mobile: 'mobile',
  phone: 'phone',
  email: 'email',
  im: 'im',
  birthday: 'birthday',
  isPrimary: 'is_primary',
  note: 'note',
};
const KEYS = Object.keys(COLUMNS) as (keyof ContactFields)[];

/** A customer's contacts, the 主联系人 first, then in the order they were added. */
function loadContacts(ctx: Ctx, customerId: number): Contact[] {
  return ctx.db
    .prepare<[number], Omit<Contact, 'isPrimary'> & { isPrimary: number }>(
      `SELECT id, ${KEYS.map((k) => `${COLUMNS[k]} AS ${k}`).join(', ')}, version
       FROM contact WHERE customer_id = ? ORDER BY is_primary DESC, id`,
    )
    .all(customerId)
    .map((r) => ({ ...r, isPrimary: !!r.isPrimary }));
}

function listOf(ctx: Ctx, customer: CustomerAccess): ContactList {
  const rows = loadContacts(ctx, customer.id);
  // 脱敏: who does not own the customer sees the numbers masked (db/pool/mask.ts).
  const shown = isMasked(ctx, customer.ownerId, customer.delegated)
    ? rows.map((r) => ({ ...r, mobile: maskPhone(r.mobile), phone: maskPhone(r.phone) }))
    : rows;
  return {
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted && !customer.pool },
    rows: shown,
    token: tokenOf(rows),
  };
}

/**
 * A masked number sent back unchanged (a 销售经理 who sees their team's numbers masked edits
 * another field of the row) keeps the stored number; a number typed anew replaces it.
 */
function keepMaskedNumbers(ctx: Ctx, customer: CustomerAccess, existing: Contact[], updated: ContactFields[]) {
  if (!isMasked(ctx, customer.ownerId, customer.delegated)) return;
  const byId = new Map(existing.map((c) => [c.id, c]));
  for (const row of updated as (ContactFields & { id: number })[]) {
    const before = byId.get(row.id);
    if (!before) continue;
    if (row.mobile === maskPhone(before.mobile)) row.mobile = before.mobile;
    if (row.phone === maskPhone(before.phone)) row.phone = before.phone;
  }
}

const pick = (row: ContactFields): ContactFields =>
  Object.fromEntries(KEYS.map((k) => [k, row[k]])) as unknown as ContactFields;

const show = (key: string, value: unknown) =>
  key === 'isPrimary' ? (value ? '是' : '否') : value === '' || value === null ? '（空）' : String(value);

const fieldLabels = Object.fromEntries(KEYS.map((k) => [k, contactLabels[k]]));

export const contactsHandlers: HandlersOf<'contacts'> = {
  'contacts.list': (ctx, input) =>
    listOf(ctx, accessCustomer(ctx, input.customerId, { allowDeleted: ctx.user.role === 'admin', read: true })),

  /**
   * Primary contact (主联系人), at most one per customer: a batch that makes a contact primary clears
   * the flag on the customer's other contacts in the same transaction (logged on each); a batch
   * that marks two rows primary is refused, naming both rows.
   */
  'contacts.save': (ctx, input) => {
    // Owners, administrators and delegates may all keep a visible customer's contacts.
    const customer = accessCustomer(ctx, input.customerId);
    const existing = loadContacts(ctx, customer.id);
    keepMaskedNumbers(ctx, customer, existing, input.updated);
    for (const row of [...input.created, ...input.updated]) {
      refuseMaskedNumber(row.mobile, 'mobile', `联系人“${row.name}”的手机`);
      refuseMaskedNumber(row.phone, 'phone', `联系人“${row.name}”的电话`);
    }
    const plan = planBatch(input, { existing, conflictMessage: CONTACTS_CONFLICT, what: '联系人' });

    const primaries: { kind: BatchKind; index: number }[] = [
      ...plan.created.filter((c) => c.row.isPrimary).map((c) => ({ kind: 'created' as const, index: c.index })),
      ...plan.updated.filter((u) => u.row.isPrimary).map((u) => ({ kind: 'updated' as const, index: u.index })),
    ];
    if (primaries.length > 1) {
      const second = primaries[1];
      throw rowError(
        second.kind,
        second.index,
        `每个客户只能有一个主联系人（${primaries.map((p) => rowLabel(p.kind, p.index)).join('、')} 都设为了主联系人）`,
        { key: 'isPrimary', label: '主联系人' },
      );
    }

    const referencedBy = ctx.db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM record WHERE contact_id = ?`,
    );
    for (const d of plan.deleted) {
      const n = referencedBy.get(d.before.id)?.n ?? 0;
      if (n > 0) {
        throw rowError(
          'deleted',
          d.index,
          `联系人“${d.before.name}”已用在 ${n} 条维护记录中，不能删除；请先在“日志及维护记录”中修改这些记录的联系人`,
        );
      }
    }

    const at = nowIso(ctx);
    if (primaries.length === 1) {
      const inBatch = new Set([...plan.updated, ...plan.deleted].map((x) => x.before.id));
      for (const other of existing.filter((c) => c.isPrimary && !inBatch.has(c.id))) {
        const res = ctx.db
          .prepare(
            `UPDATE contact SET is_primary = 0, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
          )
          .run(at, other.id, other.version);
        expectOne(res.changes, CONTACTS_CONFLICT);
        writeLog(ctx, customer.id, `修改联系人 ${other.name}：主联系人: 是 → 否`);
      }
      // Rows of this batch that stop being primary let go first, whatever their order in the batch.
      for (const u of plan.updated.filter((x) => x.before.isPrimary && !x.row.isPrimary)) {
        ctx.db.prepare(`UPDATE contact SET is_primary = 0 WHERE id = ?`).run(u.before.id);
      }
    }

    const rows = childRows(ctx, customer.id, {
      table: 'contact',
      columns: COLUMNS,
      conflict: CONTACTS_CONFLICT,
      labels: fieldLabels,
      show,
    });
    const saved = applyPlan(plan, {
      remove: (before) => rows.remove(before, `删除联系人 ${before.name}`),
      update: (before, row) => rows.update(before, pick(row), `修改联系人 ${before.name}`),
      create(row) {
        const f = pick(row);
        rows.insert(f, {}, `新增联系人 ${f.name}${f.isPrimary ? '（主联系人）' : ''}`);
      },
    });
    return { ...listOf(ctx, customer), saved };
  },
};
